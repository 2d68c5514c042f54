"""Pictures of a story: the style (data), the layout, the picture (a plain description of
cards, links, marks and legend) and one painter per target (matplotlib, DOT, Mermaid)."""
