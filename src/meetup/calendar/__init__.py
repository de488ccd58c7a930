"""Where free time comes from: intervals, hours, zones, the slot finder (pure), the provider
Protocol and registry, and the controller that reads busy time (``run``)."""
