#pragma once
// Turns a drawing into an MNIST-like digit the way MNIST itself was made, so
// the page's models see drawn digits in the form they were trained on.
// Dimension letters: H height, W width of the drawing (any size, e.g. a
// 280×280 canvas's alpha channel); the output is always 28×28.
//
// Steps: crop to the bounding box of the ink (values > 0); scale it so its
// longer side is 20 px, keeping the aspect ratio, by area averaging (each output
// pixel is the mean of the input area it covers, which anti-aliases when
// shrinking); place it in 28×28 so its centre of mass falls on pixel (14, 14),
// shifting by whole pixels (rounded); clamp to [0, 1].
//
// Centre convention: pixel (r, c) sits at coordinate (r, c), so (14, 14) is the
// pixel just below and right of the geometric centre (13.5, 13.5). That is
// where MNIST puts it: the mean centre of mass of the bundled digits is (14.00, 13.99).
// If centring would push ink out of the frame (a very lopsided shape), the
// shift is limited so all ink stays inside and the centre of mass is left off-centre.
namespace ll {

constexpr int kMnistSide = 28;
constexpr int kMnistBox = 20;
constexpr int kMnistCentre = 14;

// ink: H×W in [0, 1] (values outside are clamped); out28x28: 28×28.
// Empty ink (nothing above 0) gives all zeros.
void mnistify(const float* ink, int H, int W, float* out28x28);

}  // namespace ll
