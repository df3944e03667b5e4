"""The literature behind foedus' methods: one citation per key, used by the result objects'
``reference`` attributes (cite the method you used, and foedus itself: ``CITATION.cff``).

>>> from foedus.references import cite
>>> print(cite("shapley_shubik_1954"))  # doctest: +NORMALIZE_WHITESPACE
Shapley, L. S. and Shubik, M. (1954). A method for evaluating the distribution of power in a
committee system. American Political Science Review 48(3), 787-792.
"""

from __future__ import annotations

__all__ = ["POWER_INDEX_REFERENCES", "REFERENCES", "THEORY_REFERENCES", "cite",
           "power_reference"]

REFERENCES: dict[str, str] = {
    # power indices
    "banzhaf_1965": "Banzhaf, J. F. (1965). Weighted voting doesn't work: a mathematical "
                    "analysis. Rutgers Law Review 19, 317-343.",
    "penrose_1946": "Penrose, L. S. (1946). The elementary statistics of majority voting. "
                    "Journal of the Royal Statistical Society 109(1), 53-57.",
    "shapley_shubik_1954": "Shapley, L. S. and Shubik, M. (1954). A method for evaluating the "
                           "distribution of power in a committee system. American Political "
                           "Science Review 48(3), 787-792.",
    "deegan_packel_1978": "Deegan, J. and Packel, E. W. (1978). A new index of power for simple "
                          "n-person games. International Journal of Game Theory 7, 113-123.",
    "holler_1982": "Holler, M. J. (1982). Forming coalitions and measuring voting power. "
                   "Political Studies 30(2), 262-271.",
    "johnston_1978": "Johnston, R. J. (1978). On the measurement of power: some reactions to "
                     "Laver. Environment and Planning A 10(8), 907-914.",
    "coleman_1971": "Coleman, J. S. (1971). Control of collectivities and the power of a "
                    "collectivity to act. In B. Lieberman (ed.), Social Choice, 269-300. "
                    "Gordon and Breach.",
    "owen_1977": "Owen, G. (1977). Values of games with a priori unions. In R. Henn and O. "
                 "Moeschlin (eds.), Mathematical Economics and Game Theory, 76-88. Springer.",
    "owen_1982": "Owen, G. (1982). Modification of the Banzhaf-Coleman index for games with a "
                 "priori unions. In M. J. Holler (ed.), Power, Voting, and Voting Power, "
                 "232-238. Physica.",
    "felsenthal_machover_1998": "Felsenthal, D. S. and Machover, M. (1998). The Measurement of "
                                "Voting Power: Theory and Practice, Problems and Paradoxes. "
                                "Edward Elgar.",
    "matsui_matsui_2000": "Matsui, T. and Matsui, Y. (2000). A survey of algorithms for "
                          "calculating power indices of weighted majority games. Journal of "
                          "the Operations Research Society of Japan 43(1), 71-86.",
    # formation
    "von_neumann_morgenstern_1944": "von Neumann, J. and Morgenstern, O. (1944). Theory of "
                                    "Games and Economic Behavior. Princeton University Press.",
    "riker_1962": "Riker, W. H. (1962). The Theory of Political Coalitions. Yale University "
                  "Press.",
    "gamson_1961": "Gamson, W. A. (1961). A theory of coalition formation. American "
                   "Sociological Review 26(3), 373-382.",
    "leiserson_1968": "Leiserson, M. (1968). Factions and coalitions in one-party Japan. "
                      "American Political Science Review 62(3), 770-787.",
    "axelrod_1970": "Axelrod, R. (1970). Conflict of Interest. Markham.",
    "de_swaan_1973": "de Swaan, A. (1973). Coalition Theories and Cabinet Formations. Elsevier.",
    "laver_shepsle_1996": "Laver, M. and Shepsle, K. A. (1996). Making and Breaking Governments. "
                          "Cambridge University Press.",
    "black_1958": "Black, D. (1958). The Theory of Committees and Elections. Cambridge "
                  "University Press.",
    "martin_stevenson_2001": "Martin, L. W. and Stevenson, R. T. (2001). Government formation "
                             "in parliamentary democracies. American Journal of Political "
                             "Science 45(1), 33-50.",
    "mcfadden_1974": "McFadden, D. (1974). Conditional logit analysis of qualitative choice "
                     "behavior. In P. Zarembka (ed.), Frontiers in Econometrics, 105-142. "
                     "Academic Press.",
    "selten_krischker_1983": "Selten, R. and Krischker, W. (1983). Comparison of two theories "
                             "for characteristic function experiments. In R. Tietz (ed.), "
                             "Aspiration Levels in Bargaining and Economic Decision Making, "
                             "259-264. Springer.",
    # duration
    "kaplan_meier_1958": "Kaplan, E. L. and Meier, P. (1958). Nonparametric estimation from "
                         "incomplete observations. Journal of the American Statistical "
                         "Association 53(282), 457-481.",
    "nelson_1972": "Nelson, W. (1972). Theory and applications of hazard plotting for censored "
                   "failure data. Technometrics 14(4), 945-966.",
    "aalen_1978": "Aalen, O. (1978). Nonparametric inference for a family of counting "
                  "processes. Annals of Statistics 6(4), 701-726.",
    "aalen_johansen_1978": "Aalen, O. O. and Johansen, S. (1978). An empirical transition "
                           "matrix for non-homogeneous Markov chains based on censored "
                           "observations. Scandinavian Journal of Statistics 5(3), 141-150.",
    "cox_1972": "Cox, D. R. (1972). Regression models and life-tables. Journal of the Royal "
                "Statistical Society B 34(2), 187-220.",
    "efron_1977": "Efron, B. (1977). The efficiency of Cox's likelihood function for censored "
                  "data. Journal of the American Statistical Association 72(359), 557-565.",
    "breslow_1974": "Breslow, N. (1974). Covariance analysis of censored survival data. "
                    "Biometrics 30(1), 89-99.",
    "lin_wei_1989": "Lin, D. Y. and Wei, L. J. (1989). The robust inference for the Cox "
                    "proportional hazards model. Journal of the American Statistical "
                    "Association 84(408), 1074-1078.",
    "kalbfleisch_prentice_2002": "Kalbfleisch, J. D. and Prentice, R. L. (2002). The "
                                 "Statistical Analysis of Failure Time Data, 2nd ed. Wiley.",
    "king_et_al_1990": "King, G., Alt, J. E., Burns, N. E. and Laver, M. (1990). A unified "
                       "model of cabinet dissolution in parliamentary democracies. American "
                       "Journal of Political Science 34(3), 846-871.",
    # cooperative games
    "gillies_1959": "Gillies, D. B. (1959). Solutions to general non-zero-sum games. In A. W. "
                    "Tucker and R. D. Luce (eds.), Contributions to the Theory of Games IV, "
                    "47-85. Princeton University Press.",
    "bondareva_1963": "Bondareva, O. N. (1963). Some applications of linear programming methods "
                      "to the theory of cooperative games. Problemy Kibernetiki 10, 119-139.",
    "shapley_1967": "Shapley, L. S. (1967). On balanced sets and cores. Naval Research "
                    "Logistics Quarterly 14(4), 453-460.",
    "maschler_peleg_shapley_1979": "Maschler, M., Peleg, B. and Shapley, L. S. (1979). "
                                   "Geometric properties of the kernel, nucleolus, and related "
                                   "solution concepts. Mathematics of Operations Research 4(4), "
                                   "303-338.",
    "schmeidler_1969": "Schmeidler, D. (1969). The nucleolus of a characteristic function game. "
                       "SIAM Journal on Applied Mathematics 17(6), 1163-1170.",
    "taylor_zwicker_1999": "Taylor, A. D. and Zwicker, W. S. (1999). Simple Games: "
                           "Desirability Relations, Trading, Pseudoweightings. Princeton "
                           "University Press.",
    "isbell_1958": "Isbell, J. R. (1958). A class of simple games. Duke Mathematical Journal "
                   "25(3), 423-439.",
    "olson_zeckhauser_1966": "Olson, M. and Zeckhauser, R. (1966). An economic theory of "
                             "alliances. Review of Economics and Statistics 48(3), 266-279.",
    # groupings
    "deutsch_1957": "Deutsch, K. W. et al. (1957). Political Community and the North Atlantic "
                    "Area. Princeton University Press.",
    "snyder_1997": "Snyder, G. H. (1997). Alliance Politics. Cornell University Press.",
    "leeds_et_al_2002": "Leeds, B. A., Ritter, J. M., Mitchell, S. M. and Long, A. G. (2002). "
                        "Alliance Treaty Obligations and Provisions, 1815-1944. International "
                        "Interactions 28(3), 237-260.",
    # coalition structures
    "rahwan_jennings_2008": "Rahwan, T. and Jennings, N. R. (2008). An improved dynamic "
                            "programming algorithm for coalition structure generation. AAMAS "
                            "2008, 1417-1420.",
    "rahwan_et_al_2009": "Rahwan, T., Ramchurn, S. D., Jennings, N. R. and Giovannucci, A. "
                         "(2009). An anytime algorithm for optimal coalition structure "
                         "generation. Journal of Artificial Intelligence Research 34, 521-567.",
    "michalak_et_al_2016": "Michalak, T., Rahwan, T., Elkind, E., Wooldridge, M. and Jennings, "
                           "N. R. (2016). A hybrid exact algorithm for complete set "
                           "partitioning. Artificial Intelligence 230, 14-50.",
    # resampling
    "efron_tibshirani_1993": "Efron, B. and Tibshirani, R. J. (1993). An Introduction to the "
                             "Bootstrap. Chapman & Hall/CRC.",
}


def cite(*keys: str) -> str:
    """The citations of ``keys``, joined by a space.

    >>> cite("riker_1962", "gamson_1961").startswith("Riker")
    True
    """
    missing = [k for k in keys if k not in REFERENCES]
    if missing:
        raise KeyError(f"no reference for {missing}")
    return " ".join(REFERENCES[k] for k in keys)


#: The literature of each power index (keys of :data:`REFERENCES`).
POWER_INDEX_REFERENCES: dict[str, tuple[str, ...]] = {
    "banzhaf": ("banzhaf_1965", "felsenthal_machover_1998"),
    "banzhaf_absolute": ("banzhaf_1965", "felsenthal_machover_1998"),
    "penrose": ("penrose_1946", "felsenthal_machover_1998"),
    "swings": ("banzhaf_1965",),
    "shapley_shubik": ("shapley_shubik_1954",),
    "deegan_packel": ("deegan_packel_1978",),
    "public_good": ("holler_1982",),
    "johnston": ("johnston_1978",),
    "coleman_prevent": ("coleman_1971",),
    "coleman_initiate": ("coleman_1971",),
    "owen": ("owen_1977",),
    "banzhaf_owen": ("owen_1982",),
}

#: The literature of each formation theory.
THEORY_REFERENCES: dict[str, tuple[str, ...]] = {
    "minimal_winning": ("von_neumann_morgenstern_1944", "riker_1962"),
    "minimum_winning": ("riker_1962", "gamson_1961"),
    "bargaining": ("leiserson_1968",),
    "minimal_range": ("axelrod_1970", "de_swaan_1973"),
    "minimal_dispersion": ("de_swaan_1973",),
    "minimal_connected": ("axelrod_1970",),
    "median_party": ("black_1958", "de_swaan_1973"),
    "laver_shepsle": ("laver_shepsle_1996",),
}


def power_reference(index: str, method: str | None = None) -> str:
    """The citation of a power index, with the algorithms' survey for dynamic programming."""
    keys = POWER_INDEX_REFERENCES.get(index, ())
    if method == "dp":
        keys = (*keys, "matsui_matsui_2000")
    return cite(*keys)
