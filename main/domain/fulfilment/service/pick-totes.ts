/** The tote code a packing station scans: T<batch>-<tote>. */
export const toteCode = (batchId: number, tote: number) => `T${batchId}-${tote}`;
export const parseToteCode = (code: string): { batchId: number; tote: number } | null => {
  const m = /^T(\d+)-(\d+)$/i.exec(code.trim());
  return m ? { batchId: Number(m[1]), tote: Number(m[2]) } : null;
};
