export async function labFuzz(_o: { seed: number; cases: number; outDir: string; write: (s: string) => void; log?: (s: string) => void }): Promise<{ agreed: number; disagreed: number }> {
  return { agreed: 0, disagreed: 0 };
}
