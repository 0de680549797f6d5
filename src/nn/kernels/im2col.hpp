#pragma once
// Unfolding one image for convolution as a matrix product, NCHW without the N:
//
//   x     (C, H, W)              one image
//   cols  (C*K*K, Ho*Wo)         row (c*K + ki)*K + kj, column oh*Wo + ow holds
//                                x[c, oh*stride - pad + ki, ow*stride - pad + kj],
//                                or 0 where that falls in the zero padding.
//
// Conv2d is then W[Cout × C*K*K] · cols, and col2im (the adjoint of im2col)
// folds a cols-shaped gradient back onto the image, adding overlapping taps.
// ConvTranspose2d uses the same pair the other way round.
namespace ll {

// cols[(C*K*K) × (Ho*Wo)] from x[C×H×W]; zero padding.
void im2col(const float* x, int C, int H, int W, int K, int stride, int pad, int Ho, int Wo, float* cols);
// x[C×H×W] += scatter of cols (the adjoint of im2col). Caller zeroes x when it wants overwrite.
void col2im(const float* cols, int C, int H, int W, int K, int stride, int pad, int Ho, int Wo, float* x);

}  // namespace ll
