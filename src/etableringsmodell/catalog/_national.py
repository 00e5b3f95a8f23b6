"""What the national establishment programmes share: the qualifying permit grounds.

Utlänningslagen (2005:716) grounds listed by Lag (2010:197) 2 § and Lag
(2017:584) 2 §, verified against the 2010:197 text as amended by SFS
2012:1000 and SFS 2017:357.
"""

from __future__ import annotations

from etableringsmodell.model import PermitGround

__all__ = ["QUALIFYING_GROUNDS", "QUALIFYING_GROUNDS_2017"]

QUALIFYING_GROUNDS = frozenset(
    {
        PermitGround.PROTECTION,  # 5 kap. 1 § UtlL
        PermitGround.RESETTLEMENT,  # 5 kap. 2 § UtlL
        PermitGround.TEMPORARY_PROTECTION,  # 5 kap. 4 § UtlL
        PermitGround.DISTRESSING_CIRCUMSTANCES,  # 5 kap. 6 § UtlL
        PermitGround.IMPEDIMENT_TO_ENFORCEMENT,  # 12 kap. 18 § UtlL
        PermitGround.SECURITY_CASES,  # 21 and 22 kap. UtlL
    }
)
"""The grounds that qualify a person themselves (not as a family member)."""

QUALIFYING_GROUNDS_2017 = QUALIFYING_GROUNDS | {PermitGround.TEMPORARY_ACT_UPPER_SECONDARY_STUDIES}
"""With the permits for upper-secondary studies under 16 d, 16 f and 16 h §§ Lag (2016:752), added to
Lag (2010:197) 2 § as point 4 by SFS 2017:357 (in force 2017-06-01, unverified date)."""
