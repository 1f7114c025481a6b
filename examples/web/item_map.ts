// Section 3, the movie map: a canvas scatter of the most-rated movies, the
// reference implementation's highlighted genres in colour and the rest grey, titles on hover.
import { make } from './dom.ts';
import type { ItemMapData, MapPoint } from './item_space.ts';

/** Highlighted genres (the reference implementation's), most specific first: a movie takes the first that matches. */
const HIGHLIGHTS: { label: string; match: (g: string) => boolean; color: string }[] = [
  { label: 'Documentary', match: (g) => g === 'Documentary', color: '#2b8a3e' },
  { label: 'Horror', match: (g) => g === 'Horror', color: '#c92a2a' },
  { label: 'Children', match: (g) => g.startsWith('Children'), color: '#1c7ed6' }, // "Children's" in ml-1m
];
const OTHER = { label: 'other genres', color: 'rgba(134, 142, 150, 0.45)' };
const PAD = 28;

/** The highlight a movie gets, or undefined. */
function highlightOf(p: MapPoint): (typeof HIGHLIGHTS)[number] | undefined {
  return HIGHLIGHTS.find((h) => p.genres.some(h.match));
}

export class ItemMapView {
  private data: ItemMapData | undefined;
  /** Canvas coordinates (CSS pixels) of each point, for hovering. */
  private placed: { p: MapPoint; cx: number; cy: number }[] = [];

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly tip: HTMLElement,
    legend: HTMLElement,
    /** Called when a dot is clicked. */
    private readonly onPick: (p: MapPoint) => void,
  ) {
    for (const h of [...HIGHLIGHTS, OTHER]) {
      const li = make('li', '', h.label);
      li.prepend(Object.assign(make('span', 'swatch'), { style: `background:${h.color}` }));
      legend.append(li);
    }
    canvas.addEventListener('mousemove', (e) => this.hover(e.offsetX, e.offsetY));
    canvas.addEventListener('mouseleave', () => (this.tip.hidden = true));
    canvas.addEventListener('click', (e) => {
      const hit = this.nearest(e.offsetX, e.offsetY);
      if (hit) this.onPick(hit.p);
    });
    new ResizeObserver(() => this.draw()).observe(canvas);
  }

  /** Movies on the map. */
  get size(): number {
    return this.data?.points.length ?? 0;
  }

  /** Where the `j`-th movie (most-rated first) is drawn, in canvas pixels. */
  dot(j: number): { x: number; y: number } | undefined {
    const p = this.data?.points[j];
    const q = p && this.placed.find((d) => d.p === p);
    return q && { x: Math.round(q.cx), y: Math.round(q.cy) };
  }

  show(data: ItemMapData): void {
    this.data = data;
    this.draw();
  }

  clear(): void {
    this.data = undefined;
    this.draw();
  }

  private draw(): void {
    const { canvas } = this;
    const w = canvas.clientWidth || 480;
    const h = canvas.clientHeight || 360;
    const dpr = window.devicePixelRatio || 1;
    canvas.width = Math.round(w * dpr);
    canvas.height = Math.round(h * dpr);
    const ctx = canvas.getContext('2d')!;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    this.placed = [];
    const points = this.data?.points ?? [];
    if (!points.length) return;
    const [x0, x1] = extent(points.map((p) => p.x));
    const [y0, y1] = extent(points.map((p) => p.y));
    const sx = (x: number) => PAD + ((x - x0) / (x1 - x0 || 1)) * (w - 2 * PAD);
    const sy = (y: number) => h - PAD - ((y - y0) / (y1 - y0 || 1)) * (h - 2 * PAD);
    const maxCount = Math.max(...points.map((p) => p.count), 1);
    this.axes(ctx, w, h, sx(0), sy(0));
    // Grey first, highlighted genres on top.
    const ordered = [...points].sort((a, b) => Number(!!highlightOf(a)) - Number(!!highlightOf(b)));
    for (const p of ordered) {
      const cx = sx(p.x);
      const cy = sy(p.y);
      const r = 2 + 3.5 * Math.sqrt(p.count / maxCount);
      ctx.beginPath();
      ctx.arc(cx, cy, r, 0, 2 * Math.PI);
      ctx.fillStyle = highlightOf(p)?.color ?? OTHER.color;
      ctx.fill();
      this.placed.push({ p, cx, cy });
    }
  }

  /** Axis lines through the origin, and what the axes are. */
  private axes(ctx: CanvasRenderingContext2D, w: number, h: number, ox: number, oy: number): void {
    ctx.strokeStyle = 'rgba(134, 142, 150, 0.35)';
    ctx.lineWidth = 1;
    ctx.beginPath();
    if (ox > 0 && ox < w) ctx.moveTo(ox, 4), ctx.lineTo(ox, h - 4);
    if (oy > 0 && oy < h) ctx.moveTo(4, oy), ctx.lineTo(w - 4, oy);
    ctx.stroke();
    ctx.fillStyle = getComputedStyle(this.canvas).color;
    ctx.font = '11px system-ui, sans-serif';
    const [ax, ay] = this.data?.method === 'pca' ? ['principal component 1', 'principal component 2'] : ['factor 1', 'factor 2'];
    ctx.fillText(`${ax} →`, w - PAD - ctx.measureText(`${ax} →`).width, h - 8);
    ctx.save();
    ctx.translate(12, PAD + ctx.measureText(`${ay} →`).width);
    ctx.rotate(-Math.PI / 2);
    ctx.fillText(`${ay} →`, 0, 0);
    ctx.restore();
  }

  private nearest(x: number, y: number): { p: MapPoint; cx: number; cy: number } | undefined {
    let best: { p: MapPoint; cx: number; cy: number } | undefined;
    let bestD = 10 * 10;
    for (const q of this.placed) {
      const d = (q.cx - x) ** 2 + (q.cy - y) ** 2;
      if (d < bestD) (best = q), (bestD = d);
    }
    return best;
  }

  private hover(x: number, y: number): void {
    const hit = this.nearest(x, y);
    this.tip.hidden = !hit;
    if (!hit) return;
    this.tip.textContent = `${hit.p.title} — ${hit.p.genres.join(', ') || 'no genres'} · ${hit.p.count.toLocaleString('en-US')} ratings`;
    this.tip.style.left = `${Math.min(hit.cx + 10, this.canvas.clientWidth - 220)}px`;
    this.tip.style.top = `${hit.cy + 10}px`;
  }
}

function extent(v: number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of v) (lo = Math.min(lo, x)), (hi = Math.max(hi, x));
  return [lo, hi];
}
