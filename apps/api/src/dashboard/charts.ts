/**
 * Bar charts drawn on the server as inline SVG: no script, no external asset, readable without
 * JavaScript and printable. Every text goes through the `html` tag, so a department's name cannot
 * become markup.
 */
import { Html, html } from '../public-pages/html';

export const COLOURS = {
  good: '#1a7f37',
  warn: '#bf8700',
  bad: '#cf222e',
  worse: '#82071e',
  neutral: '#8c959f',
  main: '#0b57d0',
} as const;

export interface Bar {
  readonly label: string;
  readonly value: number;
  /** The text written after the bar, e.g. '7.5%' or '12'. */
  readonly display: string;
  readonly colour?: string;
}

const ROW = 30;
/** The narrowest label column; a longer label widens it (a CJK character is about the font's size wide). */
const MIN_LABEL_WIDTH = 120;
const FONT_SIZE = 14;
const BAR_WIDTH = 290;
const VALUE_WIDTH = 64;

/**
 * Horizontal bars on one scale from 0 to `max`, with a dashed line at `goal` when given (e.g. the
 * 5% of 003 §1). Drawn at its natural size, so its text stays the page's size; it shrinks on a
 * narrow screen (`max-width: 100%`).
 */
export function barChart(title: string, bars: readonly Bar[], options: { max: number; goal?: { value: number; label: string } }): Html {
  const max = Math.max(options.max, ...bars.map((bar) => bar.value), 1);
  const labelWidth = Math.max(MIN_LABEL_WIDTH, ...bars.map((bar) => bar.label.length * FONT_SIZE + 12));
  const width = labelWidth + BAR_WIDTH + VALUE_WIDTH;
  const top = options.goal ? 22 : 6;
  const height = top + bars.length * ROW + 6;
  const x = (value: number) => labelWidth + (BAR_WIDTH * value) / max;
  const goal = options.goal;
  return html`<svg class="chart" role="img" aria-label="${title}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">
    <title>${title}</title>
    ${bars.map(
      (bar, i) =>
        html`<g>
          <text x="${labelWidth - 8}" y="${top + i * ROW + 19}" text-anchor="end" font-size="${FONT_SIZE}" fill="#1f2328">${bar.label}</text>
          <rect x="${labelWidth}" y="${top + i * ROW + 5}" width="${BAR_WIDTH}" height="20" fill="#eef1f4"></rect>
          <rect
            x="${labelWidth}"
            y="${top + i * ROW + 5}"
            width="${(x(bar.value) - labelWidth).toFixed(1)}"
            height="20"
            fill="${bar.colour ?? COLOURS.main}"
          ></rect>
          <text x="${labelWidth + BAR_WIDTH + 8}" y="${top + i * ROW + 19}" font-size="${FONT_SIZE}" font-weight="600" fill="#1f2328">${bar.display}</text>
        </g>`,
    )}
    ${
      goal
        ? html`<line
              x1="${x(goal.value).toFixed(1)}"
              x2="${x(goal.value).toFixed(1)}"
              y1="${top - 4}"
              y2="${height - 2}"
              stroke="#1f2328"
              stroke-width="1.5"
              stroke-dasharray="4 3"
            ></line>
            <text x="${x(goal.value).toFixed(1)}" y="14" text-anchor="middle" font-size="12" fill="#1f2328">${goal.label}</text>`
        : null
    }
  </svg>`;
}

export interface Segment {
  readonly label: string;
  readonly value: number;
  readonly colour: string;
}

/** One bar split into parts of a whole (e.g. results on time, late, overdue, still open), with a legend. */
export function stackedBar(title: string, segments: readonly Segment[]): Html {
  const total = segments.reduce((sum, segment) => sum + segment.value, 0);
  const width = 660;
  let offset = 0;
  const parts = segments.map((segment) => {
    const w = total === 0 ? 0 : (width * segment.value) / total;
    const part = html`<rect x="${offset.toFixed(1)}" y="0" width="${w.toFixed(1)}" height="26" fill="${segment.colour}"
      ><title>${segment.label}：${segment.value}</title></rect
    >`;
    offset += w;
    return part;
  });
  return html`<div class="stack">
    <svg class="chart" role="img" aria-label="${title}" viewBox="0 0 ${width} 26" width="100%" preserveAspectRatio="none" height="26">
      <title>${title}</title>
      <rect x="0" y="0" width="${width}" height="26" fill="#eef1f4"></rect>
      ${parts}
    </svg>
    <ul class="legend">
      ${segments.map((segment) => html`<li><svg class="swatch" viewBox="0 0 10 10" aria-hidden="true"><rect width="10" height="10" rx="2" fill="${segment.colour}"></rect></svg>${segment.label} <b>${segment.value}</b></li>`)}
    </ul>
  </div>`;
}
