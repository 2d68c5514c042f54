"""Text drift: how a claim's wording changed between two reports, and the estimate of
where a story without annotations was distorted, from its words alone."""
