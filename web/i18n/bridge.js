// Strings of the check shown after a weights file is loaded (web/ui/loaded-check.js).
export default {
  es: {
    'bridge.checkVae': 'Comprobación con {count} dígitos de prueba: ELBO {elbo} nats por dígito (reconstrucción {reconstruction} + KL {kl}; una muestra del posterior por dígito).',
    'bridge.checkAe': 'Comprobación con {count} dígitos de prueba: error de reconstrucción {reconstruction} por dígito.',
    'bridge.names': 'Nombres del archivo leídos como {layout}{prefix}.',
    'bridge.prefix': ', tras quitar el prefijo {prefix}',
    'bridge.layout.latentlab': 'los de Latent Lab',
    'bridge.layout.pytorch-examples-vae': 'el VAE de pytorch/examples (fc1, fc21, fc22, fc3, fc4)',
    'bridge.layout.sequential': 'la numeración de nn.Sequential',
    'bridge.warning': 'Si el ELBO es mucho peor que el que el modelo alcanzó al entrenar, hay tensores en el papel equivocado (por ejemplo, las cabezas μ y log σ² intercambiadas): los nombres solos no lo delatan.',
  },
  en: {
    'bridge.checkVae': 'Check on {count} test digits: ELBO {elbo} nats per digit (reconstruction {reconstruction} + KL {kl}; one posterior sample per digit).',
    'bridge.checkAe': 'Check on {count} test digits: reconstruction error {reconstruction} per digit.',
    'bridge.names': 'The file’s names were read as {layout}{prefix}.',
    'bridge.prefix': ', after removing the prefix {prefix}',
    'bridge.layout.latentlab': 'Latent Lab’s own',
    'bridge.layout.pytorch-examples-vae': 'the pytorch/examples VAE (fc1, fc21, fc22, fc3, fc4)',
    'bridge.layout.sequential': 'nn.Sequential numbering',
    'bridge.warning': 'If the ELBO is much worse than the model reached in training, some tensors are in the wrong role (for example the μ and log σ² heads swapped): names alone cannot show it.',
  },
};
