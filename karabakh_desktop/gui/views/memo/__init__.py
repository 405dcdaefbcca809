"""Text figures for slides: the memo's passages about a selection (``figure``) and the case ×
pattern matrix (``matrix``)."""
