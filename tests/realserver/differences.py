"""Every known difference between the simulator and the real Waldur server (7.0.7-era), with its reason.

The suite fails on a difference that is not listed here, and on an entry here that no longer occurs, so this list
stays exactly what the two servers disagree on. Keys are "METHOD /api/path/{uuid}/" (request kinds) and, for
answer shapes, "<request kind> | <difference>".
"""

# request kind -> (simulator status, real status, reason)
STATUS = {
}

# "<request kind> | <shape difference>" -> reason
SHAPE = {
}
