// Strings of "Inside the VAE" (views/vae.js, ui/vae/).
export default {
  es: {
    'nav.vae': 'Dentro del VAE',
    'model.vae16_beta4': 'VAE 16-D, β = 4',
  },
  en: {
    'nav.vae': 'Inside the VAE',
    'model.vae16_beta4': 'VAE 16-D, β = 4',
  },
};
