// Minimal types for jstat, which ships none; used by the beta benchmark and, as an
// independent reference (normal and gamma CDFs), by the sampler tests.
declare module 'jstat' {
  interface Distribution {
    cdf(x: number, ...parameters: number[]): number;
    sample(...parameters: number[]): number;
  }
  const jStat: {
    readonly beta: Distribution;
    readonly gamma: Distribution;
    readonly normal: Distribution;
  };
  export default jStat;
}
