// The KL divergence lab (lecture chapter "VAE"): what D_KL is, why it is a
// divergence and not a distance, and the VAE's closed form. Four panels, each
// in web/ui/kl/; every number comes from C++ (src/models/divergence.hpp).
// URL: p, q (discrete.js); pm, ps, qm, qs (normals.js); fa, fb, fs, fw, f0 (fit.js); vm, vs (vaecase.js).
// Test hook: views.kl = { discrete, normals, fit, vae } (the values shown).
import { el } from '../ui/controls.js';
import { mathText } from '../ui/math.js';
import { addKlStyles } from '../ui/kl/style.js';
import { discreteSection } from '../ui/kl/discrete.js';
import { normalsSection } from '../ui/kl/normals.js';
import { fitSection } from '../ui/kl/fit.js';
import { vaeCaseSection } from '../ui/kl/vaecase.js';

export async function mount(container, ctx) {
  const { t } = ctx;
  const lab = await ctx.lab();
  addKlStyles();
  container.append(
    el('h2', { textContent: t('kl.title') }),
    mathText(t('kl.intro'), { tag: 'p', className: 'view-intro' }),
    el('div', { className: 'layout halves' },
      discreteSection(ctx, lab),
      normalsSection(ctx, lab),
      fitSection(ctx, lab),
      vaeCaseSection(ctx, lab)));
}
