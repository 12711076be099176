package ammi.cli;

/** How stored codes are ranked for a query (search --rank, train --val-rank): docs/likelihood-ranking.md. */
enum Ranking { hamming, likelihood }
