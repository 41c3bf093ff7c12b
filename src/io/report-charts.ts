/**
 * The charts of a report's page (SPEC §7.7) drawn as SVG when the report is made: Apache
 * ECharts' server-side renderer, which needs no DOM and no canvas (label widths are
 * estimated), with only the bar and line charts and the grid and legend components it
 * uses. This module is loaded only when a page is asked for (src/io/report-html.ts).
 */
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import { BarChart, LineChart } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption } from 'echarts/components';
import { GridComponent, LegendComponent } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import { init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import type { LocalText } from '../core/text.js';
import { type ChartSeries, type PageChart, pageCase } from '../report/page.js';

use([BarChart, LineChart, GridComponent, LegendComponent, SVGRenderer]);

type ChartOption = ComposeOption<BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption>;
type Lang = keyof LocalText;

/**
 * The CJK fonts an office PC has, by name only (nothing is fetched). Single quotes: the
 * renderer writes the family into a double-quoted style attribute without escaping it.
 */
export const CHART_FONTS = "'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', sans-serif";

/** The width of a portrait A4 page's text at 96 px per inch (180 mm); the SVG scales to its box. */
const WIDTH = 680;

// Colours told apart on a black-and-white printer too: light, middle and dark greys.
const COUNT_BAR = '#8eabd3';
const RATE_LINE = '#1f3b63';
const MARKED_BAR = '#b0301c';
const LEVEL_COLOURS = ['#5f86bf', '#cbd8ea', '#b0301c'];
const INK = '#333';

const percentOf = (value: number | null) => (value === null ? null : Math.round(value * 10000) / 100);

/** A label's width in pixels at 11 px, roughly: a CJK character is square, a Latin one about half. */
function labelWidth(label: string): number {
  return Math.max(...label.split('\n').map((line) => [...line].reduce((width, char) => width + (char.charCodeAt(0) > 0x2e7f ? 11 : 6.5), 0)));
}

/** Names that would run into each other side by side under their bars are set at a slant. */
function slanted(categories: readonly string[]): boolean {
  const room = (WIDTH - 100) / Math.max(1, categories.length);
  return categories.some((name) => labelWidth(name) > room - 4);
}

function legend(names: readonly string[]): LegendComponentOption {
  return { top: 0, data: [...names], itemWidth: 14, itemHeight: 10, textStyle: { fontSize: 11, color: INK } };
}

/** Both axes of a volume chart are cut into this many steps, so that the rate's labels sit on the counts' grid lines. */
const STEPS = 5;

/**
 * The counts' axis: bars up to about three fifths of the height (the rate's line runs above
 * them), in STEPS whole steps of 1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten.
 */
export function countAxis(tallest: number): { max: number; interval: number } {
  const target = Math.max(1, (tallest * 1.6) / STEPS);
  const power = 10 ** Math.floor(Math.log10(target));
  const step = [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].map((times) => times * power).find((value) => value >= target && Number.isInteger(value))!;
  return { max: step * STEPS, interval: step };
}

/** Where the rate axis may start: each cut into STEPS even steps (2, 4, 5, 10 or 20 points). */
const RATE_MINIMA = [90, 80, 75, 50, 0];

/**
 * The rate axis from its lowest rate rounded down to ten (97–100% on 90–100%, not a line
 * flat along the top of 0–100%), low enough that the lowest rate is in the top third, above
 * the bars, when the rates allow it (90% on 50–100%).
 */
export function rateAxis(rates: readonly (number | null)[]): { min: number; interval: number } {
  const shown = rates.filter((rate): rate is number => rate !== null);
  if (shown.length === 0) return { min: 0, interval: 100 / STEPS };
  const lowest = Math.min(...shown);
  const bound = Math.min(Math.floor(lowest / 10) * 10, lowest - 1.9 * (100 - lowest));
  const min = RATE_MINIMA.find((value) => value <= bound) ?? 0;
  return { min, interval: (100 - min) / STEPS };
}

/** Counts as bars (left axis, values on the bars) and a rate as a line against a percentage axis on the right. */
function volumeOption(chart: Extract<PageChart, { kind: 'volume' }>, lang: Lang): { option: ChartOption; height: number } {
  const categories = chart.categories.map((words) => words[lang]);
  const slant = slanted(categories);
  const rates = chart.rate.values.map(percentOf);
  const labelRates = categories.length <= 12;
  const tallest = Math.max(0, ...chart.count.values.map((value) => value ?? 0));
  const counts = countAxis(tallest);
  return {
    height: slant ? 340 : 290,
    option: {
      legend: legend([pageCase(chart.count.name[lang], lang), pageCase(chart.rate.name[lang], lang)]),
      grid: { left: 44, right: 52, top: 40, bottom: 8 },
      xAxis: {
        type: 'category',
        data: categories,
        axisLabel: { interval: 0, rotate: slant ? 40 : 0, fontSize: 11, color: INK },
        // A tick under each bar would run through its name: the bars mark the categories.
        axisTick: { show: false },
      },
      yAxis: [
        { type: 'value', min: 0, ...counts, axisLabel: { fontSize: 10 } },
        { type: 'value', ...rateAxis(rates), max: 100, axisLabel: { formatter: '{value}%', fontSize: 10 }, splitLine: { show: false } },
      ],
      series: [
        {
          type: 'bar',
          name: pageCase(chart.count.name[lang], lang),
          data: chart.count.values.map((value) => ({
            value,
            // A count sits inside the top of its bar, above a bar too short to hold it, nowhere for a zero
            // (a 0 on the axis would sit on the category's name).
            label: { show: value !== null && value > 0, position: value !== null && value < counts.max * 0.08 ? 'top' : 'insideTop' },
          })),
          barMaxWidth: 34,
          itemStyle: { color: COUNT_BAR },
          label: { fontSize: 10, color: INK },
        },
        {
          type: 'line',
          name: pageCase(chart.rate.name[lang], lang),
          yAxisIndex: 1,
          data: rates,
          symbol: 'circle',
          symbolSize: 6,
          itemStyle: { color: RATE_LINE },
          lineStyle: { width: 2, color: RATE_LINE },
          // Twelve months' rates fit above their points; a long list of windows keeps them in the tables.
          label: {
            show: labelRates,
            position: 'top',
            fontSize: 9,
            color: RATE_LINE,
            formatter: ({ value }) => (typeof value === 'number' ? `${value.toFixed(2)}%` : ''),
          },
        },
      ],
    },
  };
}

/**
 * The three evaluation levels of each group as one stacked bar: the good ones' count inside
 * it, the few neutral and bad ones written after it (on their own thin segments they would
 * sit on one another).
 */
function levelsOption(chart: Extract<PageChart, { kind: 'levels' }>, lang: Lang): { option: ChartOption; height: number } {
  const categories = chart.categories.map((words) => words[lang]);
  const [good, ...others] = chart.levels;
  const totals = categories.map((_, index) => chart.levels.reduce((sum, level) => sum + (level.values[index] ?? 0), 0));
  // A good count too short a bar to hold its number is written after the bar with the others.
  const fitsInside = (index: number) => (good?.values[index] ?? 0) >= Math.max(...totals) * 0.06;
  const after = (index: number) =>
    (fitsInside(index) ? others : chart.levels)
      .flatMap((level) => {
        const value = level.values[index] ?? 0;
        return value ? [`${pageCase(level.name[lang], lang)} ${value}`] : [];
      })
      .join('  ');
  const series: BarSeriesOption[] = chart.levels.map((level: ChartSeries, index) => ({
    type: 'bar',
    name: pageCase(level.name[lang], lang),
    stack: 'levels',
    data: level.values,
    barMaxWidth: 16,
    itemStyle: { color: LEVEL_COLOURS[index] },
    label:
      index === 0
        ? {
            show: true,
            position: 'insideLeft',
            fontSize: 10,
            color: '#fff',
            formatter: ({ value, dataIndex }) => (value && fitsInside(dataIndex) ? String(value) : ''),
          }
        : index === chart.levels.length - 1
          ? { show: true, position: 'right', fontSize: 10, color: INK, formatter: ({ dataIndex }) => after(dataIndex) }
          : { show: false },
  }));
  return {
    height: 60 + categories.length * 24,
    option: {
      legend: legend(chart.levels.map((level) => pageCase(level.name[lang], lang))),
      grid: { left: 8, right: 130, top: 32, bottom: 8 },
      xAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: 10 } },
      yAxis: { type: 'category', data: categories, inverse: true, axisLabel: { fontSize: 11, color: INK } },
      series,
    },
  };
}

/** Scores as horizontal bars, best first; a marked one (红旗窗口) dark and labelled after its score. */
function scoresOption(chart: Extract<PageChart, { kind: 'scores' }>, lang: Lang): { option: ChartOption; height: number } {
  const categories = chart.categories.map((words) => words[lang]);
  const mark = chart.mark?.[lang] ?? '';
  const top = Math.max(100, ...chart.scores);
  return {
    height: 40 + categories.length * 26,
    option: {
      grid: { left: 8, right: mark === '' ? 48 : 120, top: 8, bottom: 8 },
      xAxis: { type: 'value', min: 0, max: top, axisLabel: { fontSize: 10 } },
      yAxis: { type: 'category', data: categories, inverse: true, axisLabel: { fontSize: 11, color: INK } },
      series: [
        {
          type: 'bar',
          barMaxWidth: 16,
          data: chart.scores.map((score, index) => {
            const marked = chart.marked[index] === true;
            return {
              value: score,
              itemStyle: { color: marked ? MARKED_BAR : COUNT_BAR },
              label: {
                show: true,
                position: 'right',
                fontSize: 10,
                fontWeight: marked ? 'bold' : 'normal',
                color: marked ? MARKED_BAR : INK,
                formatter: marked ? `${score.toFixed(2)}  ${mark}` : score.toFixed(2),
              },
            };
          }),
        },
      ],
    },
  };
}

function optionOf(chart: PageChart, lang: Lang): { option: ChartOption; height: number } {
  switch (chart.kind) {
    case 'volume':
      return volumeOption(chart, lang);
    case 'levels':
      return levelsOption(chart, lang);
    case 'scores':
      return scoresOption(chart, lang);
  }
}

/** One chart as an SVG document string, sized for a portrait page's text width. */
export function chartSvg(chart: PageChart, lang: Lang): string {
  const { option, height } = optionOf(chart, lang);
  const instance = init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height });
  try {
    // No animation: a printed page shows the end state, and nothing runs after rendering.
    instance.setOption({ animation: false, textStyle: { fontFamily: CHART_FONTS, color: INK }, ...option });
    return instance.renderToSVGString();
  } finally {
    instance.dispose();
  }
}
