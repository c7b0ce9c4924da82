"""Where Moscow's administrative okrugs are: their centres, for the map and for distances."""

import math

from directory.models import Okrug

# (latitude, longitude) of each okrug's centre, rounded to four decimals (about 10 m).
OKRUG_CENTRES = {
    Okrug.CENTRAL: (55.7539, 37.6208),
    Okrug.NORTHERN: (55.8384, 37.5259),
    Okrug.NORTH_EASTERN: (55.8636, 37.6325),
    Okrug.EASTERN: (55.7876, 37.7760),
    Okrug.SOUTH_EASTERN: (55.6925, 37.7540),
    Okrug.SOUTHERN: (55.6220, 37.6783),
    Okrug.SOUTH_WESTERN: (55.6621, 37.5391),
    Okrug.WESTERN: (55.7179, 37.4410),
    Okrug.NORTH_WESTERN: (55.8290, 37.4515),
    Okrug.ZELENOGRAD: (55.9874, 37.1942),
    Okrug.NOVOMOSKOVSKY: (55.5600, 37.3800),
    Okrug.TROITSKY: (55.4800, 37.3000),
}

MOSCOW_CENTRE = OKRUG_CENTRES[Okrug.CENTRAL]

KM_PER_DEGREE = 111.32


def km_per_degree_of_longitude(latitude: float) -> float:
    """At Moscow's latitude a degree of longitude is about 63 km, against 111 km for one of latitude."""
    return KM_PER_DEGREE * math.cos(math.radians(latitude))
