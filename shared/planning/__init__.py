"""The staffing planner: how many counters each service needs each hour to keep the share of
visitors within the waiting standard at the office's target (default 80 %).

history.py (what the store recorded: jobs, holding times, turnaround, recorded shares),
presence.py (which counters were really open, per hour), forecast.py (arrivals per service,
weekday and hour; a date's demand), erlang.py (Erlang B/C), firstcut.py (Erlang C hour by hour
with the queue carried over), simulation.py (a discrete-event simulation of a day: priority
policies, breaks, counters shared by services), recommend.py (one day's plan: the first cut, then
the simulation adds counters where the standard still breaks), planner.py (a week or a month,
beside what happened), replay.py (the model checked against recorded days), output.py (grid,
text, JSON).
"""
