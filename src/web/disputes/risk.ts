/** The colour of a dispute's risk, wherever it is shown. */
export const RISK_COLOURS: Record<string, string> = { high: 'red', medium: 'orange', low: 'green' };
