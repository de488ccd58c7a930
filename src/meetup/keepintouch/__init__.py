"""Keep in touch: cadences, interactions, who is due, and a week of calls.

``cadence`` and ``due`` are pure (dates in, answers out); ``book`` reads and writes the store;
``linkedin`` reads LinkedIn's connections export; ``week`` plans a connection week; ``run`` is
the controller the commands call.
"""
