// vite.config.ts aliases this path to vega-datasets' data/movies.json.
declare module 'vega-datasets/movies.json' {
  const rows: readonly Record<string, string | number | null>[];
  export default rows;
}
