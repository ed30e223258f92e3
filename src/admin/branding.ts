import type { BrandingOptions } from 'adminjs';

/** Our logo: a crate with an arrow going in (an SVG, inlined so no static route is needed). */
export const LOGO_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="220" height="48" viewBox="0 0 220 48">
<rect x="2" y="8" width="36" height="34" rx="5" fill="#3040d6"/>
<path d="M2 18h36" stroke="#fff" stroke-width="2.5" opacity=".55"/>
<path d="M20 2v22m-7-7 7 7 7-7" fill="none" stroke="#ffb020" stroke-width="4" stroke-linecap="round" stroke-linejoin="round"/>
<text x="48" y="24" font-family="Roboto, Helvetica, Arial, sans-serif" font-size="19" font-weight="700" fill="#1c1c38">ACME</text>
<text x="48" y="42" font-family="Roboto, Helvetica, Arial, sans-serif" font-size="13" fill="#4d4d68">Product Importer</text>
</svg>`;

const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 44"><rect x="2" y="8" width="36" height="34" rx="5" fill="#3040d6"/><path d="M20 2v22m-7-7 7 7 7-7" fill="none" stroke="#ffb020" stroke-width="4" stroke-linecap="round" stroke-linejoin="round"/></svg>`;

const dataUri = (svg: string) => `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;

/** The panel's name, logo, favicon and colours. */
export const branding: BrandingOptions = {
  companyName: 'ACME Product Importer',
  withMadeWithLove: false,
  logo: dataUri(LOGO_SVG),
  favicon: dataUri(FAVICON_SVG),
  theme: {
    colors: {
      primary100: '#3040d6',
      primary80: '#5965de',
      primary60: '#838ce6',
      primary40: '#acb2ef',
      primary20: '#d6d9f7',
    },
  },
};
