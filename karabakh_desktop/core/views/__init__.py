"""Qt-free view models: what each view shows (arrays, layout, label placement, hit-testing) and
its state as a dataclass a scene saves. The GUI's figures draw them; tests run them headless."""
