"""The Qt layer: thin panels over the core, linked through one :class:`~.session.Session`."""
