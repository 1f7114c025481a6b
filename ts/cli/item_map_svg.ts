/** The 2-D item map as an SVG picture (no dependencies); PNG goes through @resvg/resvg-js. */

import { AlsError } from '../errors.js';

/** One movie on the map. */
export interface MapPoint {
  item: number;
  x: number;
  y: number;
  count: number;
  title?: string;
  genres?: string[];
}

/** Genres drawn in colour (the reference implementation's highlights); the rest are grey. First match wins. */
export const HIGHLIGHTS: readonly [genre: string, colour: string][] = [
  ['Horror', '#d62728'], ['Documentary', '#2ca02c'], ['Children', '#ff7f0e'], ["Children's", '#ff7f0e'],
];

const W = 960, H = 720, PAD = 48;

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/**
 * Render `points` as an SVG document: dot area by rating count, colour by highlighted genre,
 * the `labels` most-rated movies labelled with their titles.
 */
export function itemMapSvg(points: MapPoint[], opts: { title: string; labels?: number }): string {
  const xs = points.map((p) => p.x), ys = points.map((p) => p.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const sx = (x: number) => PAD + ((x - x0) / (x1 - x0 || 1)) * (W - 2 * PAD);
  const sy = (y: number) => H - PAD - ((y - y0) / (y1 - y0 || 1)) * (H - 2 * PAD);
  const maxCount = Math.max(1, ...points.map((p) => p.count));
  const colour = (p: MapPoint) => HIGHLIGHTS.find(([g]) => p.genres?.includes(g))?.[1];
  // grey first, highlighted on top
  const ordered = [...points].sort((a, b) => Number(colour(a) !== undefined) - Number(colour(b) !== undefined));
  const dots = ordered.map((p) => {
    const r = (2 + 6 * Math.sqrt(p.count / maxCount)).toFixed(1);
    const c = colour(p);
    return `<circle cx="${sx(p.x).toFixed(1)}" cy="${sy(p.y).toFixed(1)}" r="${r}" fill="${c ?? '#9e9e9e'}" fill-opacity="${c ? 0.9 : 0.45}"><title>${escape(p.title ?? `movie ${p.item}`)}</title></circle>`;
  });
  const labelled = [...points].sort((a, b) => b.count - a.count).slice(0, opts.labels ?? 15).filter((p) => p.title);
  const labels = labelled.map((p) => `<text x="${(sx(p.x) + 6).toFixed(1)}" y="${(sy(p.y) - 6).toFixed(1)}">${escape(p.title!)}</text>`);
  const legend = HIGHLIGHTS.filter(([, c], j) => HIGHLIGHTS.findIndex(([, d]) => d === c) === j).map(([g, c], j) =>
    `<circle cx="${PAD + j * 130}" cy="${H - 16}" r="5" fill="${c}"/><text x="${PAD + 10 + j * 130}" y="${H - 12}">${escape(g)}</text>`);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="DejaVu Sans, Arial, sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${PAD}" y="24" font-size="15">${escape(opts.title)}</text>`,
    ...dots, ...labels, ...legend, '</svg>',
  ].join('\n');
}

/**
 * PNG bytes of an SVG document through @resvg/resvg-js, a native module that
 * is an optional peer dependency (only `map --out x.png` needs it).
 */
export async function svgToPng(svg: string): Promise<Uint8Array> {
  const { Resvg } = await import('@resvg/resvg-js').catch(() => {
    throw new AlsError('UNSUPPORTED', 'PNG output needs the optional package @resvg/resvg-js: run `npm install @resvg/resvg-js`, or write an .svg file', { package: '@resvg/resvg-js' });
  });
  return new Resvg(svg, { fitTo: { mode: 'zoom', value: 1.5 }, font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } }).render().asPng();
}
