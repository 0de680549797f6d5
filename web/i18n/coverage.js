// Strings of the latent-coverage figures (web/ui/coverage/): the prior's
// circles, the holes overlay and the coverage panel.
export default {
  es: {
    'coverage.title': 'Dónde caen las muestras del prior',
    'coverage.measuring': 'Midiendo dónde caen {count} muestras con T = {temperature}…',
    'coverage.farShare': 'De {count} códigos z ~ N(0, T²·I) con T = {temperature}, el {share} % cae más lejos de todo código de entrenamiento que {threshold} (el umbral).',
    'coverage.definition': 'Umbral: el percentil 95 de la distancia de cada código de entrenamiento a su vecino más cercano entre los demás. La clase de una muestra es la del dígito de entrenamiento más parecido (en píxeles) a su decodificación.',
    'coverage.barsLabel': 'Clases de las muestras decodificadas: {list}',
    'coverage.lessonFar': 'Un {share} % de las muestras cae en huecos, lejos de los códigos que el modelo aprendió a decodificar.',
    'coverage.lessonSparse': 'El {share} % de las muestras cae más lejos que el umbral de todo código de entrenamiento. Con {latent} dimensiones, 7996 códigos dejan el espacio casi vacío: mira las muestras para ver si eso son huecos o solo distancia.',
    'coverage.lessonNear': 'Casi todas las muestras caen cerca de códigos de entrenamiento: aquí el prior no cae en huecos.',
    'coverage.lessonRare': 'No todas las clases aparecen por igual: {classes} salen cada una en menos del {rareShare} % de las muestras.',
    'coverage.lessonOutside': 'El {outside} % de los códigos de entrenamiento queda fuera del radio que contiene el 95 % de las muestras: el prior solo cubre el centro del rango de códigos del modelo.',
    'coverage.lessonAllClasses': 'Todas las clases aparecen entre las muestras.',
    'coverage.circleLabel': '{k}T: {share} %',
    'coverage.holesLegend': 'Sombreado: zonas más lejos de todo código de entrenamiento que el umbral; más oscuro cuanto más lejos.',
  },
  en: {
    'coverage.title': 'Where the prior’s samples land',
    'coverage.measuring': 'Measuring where {count} samples land at T = {temperature}…',
    'coverage.farShare': 'Of {count} codes z ~ N(0, T²·I) with T = {temperature}, {share}% land farther from every training code than {threshold} (the threshold).',
    'coverage.definition': 'Threshold: the 95th percentile of each training code’s distance to its nearest other training code. A sample’s class is that of the training digit closest (in pixels) to its decoding.',
    'coverage.barsLabel': 'Classes of the decoded samples: {list}',
    'coverage.lessonFar': '{share}% of the samples fall into holes, far from the codes the model learned to decode.',
    'coverage.lessonSparse': '{share}% of the samples land farther than the threshold from every training code. In {latent} dimensions, 7996 codes leave the space almost empty: look at the samples to see whether that means holes or only distance.',
    'coverage.lessonNear': 'Almost every sample lands near training codes: here the prior does not fall into holes.',
    'coverage.lessonRare': 'Not every class appears alike: {classes} each make up less than {rareShare}% of the samples.',
    'coverage.lessonOutside': '{outside}% of the training codes lie outside the radius that holds 95% of the samples: the prior covers only the middle of the model’s code range.',
    'coverage.lessonAllClasses': 'Every class appears among the samples.',
    'coverage.circleLabel': '{k}T: {share}%',
    'coverage.holesLegend': 'Shaded: regions farther from every training code than the threshold; darker is farther.',
  },
};
