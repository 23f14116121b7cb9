"""What staff see: the counter officer's console (`counter.console`) and the supervisor's dashboard
(`counter.supervisor`); `counter.style` is the look both share."""
