"""``foedus demo``: the README's main job on bundled real data, offline, in a few seconds."""

from __future__ import annotations

__all__ = ["demo_text", "quickstart"]


def quickstart() -> str:
    """The README's quick start: coalitions of the 2021 German Bundestag, as text.

    Examples
    --------
    >>> from foedus.cli import quickstart
    >>> "SPD + B90/Gru + FDP" in quickstart()
    True
    """
    import foedus
    from foedus.datasets import bundestag_2021

    parl = bundestag_2021()
    rule = foedus.Rule.majority("seats")
    mwc = foedus.enumerate_coalitions(parl, rule, minimal=True)
    mcw = foedus.enumerate_coalitions(parl, rule, minimal=True, connected="left_right")
    formed = tuple(n for n, c in zip(parl.names, parl.attributes["cabinet_party"], strict=True)
                   if c)
    lines = [
        "German Bundestag after the 2021 election (ParlGov): "
        f"{int(parl.total('seats'))} seats, majority {int(parl.total('seats')) // 2 + 1}",
        "",
        f"Minimal winning coalitions ({len(mwc)}):",
        *(f"  {' + '.join(mwc.members(i)):28s} {mwc['weight_seats'][i]:4d} seats"
          for i in range(len(mwc))),
        "",
        f"Minimal connected winning coalitions on left-right ({len(mcw)}):",
        *(f"  {' + '.join(mcw.members(i)):28s} {mcw['weight_seats'][i]:4d} seats, range "
          f"{mcw['range_left_right'][i]:.2f}" for i in range(len(mcw))),
        "",
        f"Cabinet formed (Scholz, December 2021): {' + '.join(formed)}",
    ]
    return "\n".join(lines)


def _formation() -> str:
    from foedus.datasets import formation_demo_model, parlgov_formations
    from foedus.datasets.demo_model import DEMO_COUNTRIES

    de = next(f for f in parlgov_formations()
              if f.country == "DEU" and f.start_date == "2021-12-08")
    lines = ["== Government formation: Germany, December 2021 (ParlGov) ==",
             f"Cabinet formed: {' + '.join(de.cabinet)} ({de.cabinet_type})", "",
             f"{'theory':<20}{'predicted':>10}  formed among them  first predictions"]
    for theory, pred in de.predict().items():
        first = "; ".join(" + ".join(pred.table.members(r)) for r in range(min(2, len(pred))))
        lines.append(f"{theory:<20}{len(pred):>10}  {'yes' if de.cabinet in pred else 'no':<17}"
                     f"  {first}")
    model = formation_demo_model()
    ranked = model.predict_proba(de)
    members = list(ranked["members"])
    rank = next(i for i, m in enumerate(members) if set(m) == set(de.cabinet)) + 1
    lines += ["", "Conditional logit (Martin and Stevenson 2001), fitted on "
              f"{model.n_opportunities_} earlier formations in {', '.join(DEMO_COUNTRIES)}:"]
    for i in range(4):
        lines.append(f"  {i + 1}. {' + '.join(members[i]):<28} {ranked['probability'][i]:6.1%}")
    lines.append(f"  the cabinet that formed ranks {rank} of {len(members)} "
                 f"({ranked['probability'][rank - 1]:.1%})")
    return "\n".join(lines)


def _power() -> str:
    import foedus
    from foedus.datasets import eu_council_2023, us_electoral_college_2024

    eu = eu_council_2023()
    qmv = foedus.Rule.eu_council_lisbon(population="population")
    ss = foedus.power_indices(eu, qmv, index="shapley_shubik")
    bz = foedus.power_indices(eu, qmv, index="banzhaf")
    pop = eu.weight("population") / eu.total("population")
    lines = ["== Power in the EU Council (Lisbon qualified majority, 2023 populations) ==",
             f"{'member':<14}{'population':>11}{'Shapley-Shubik':>16}{'Banzhaf':>9}"]
    order = list(ss.values.argsort()[::-1])
    for i in [*order[:4], order[-1]]:
        lines.append(f"{eu.names[i]:<14}{pop[i]:>11.1%}{ss.values[i]:>16.4f}{bz.values[i]:>9.4f}")
    ec = us_electoral_college_2024()
    wins = foedus.Rule.quota(270, "electoral_votes")
    pen = foedus.power_indices(ec, wins, index="penrose")
    votes = ec.weight("electoral_votes")
    lines += ["", "== Power in the US Electoral College (2024, 270 of 538) ==",
              f"{'state':<16}{'votes':>6}{'Penrose':>9}{'per vote':>10}"]
    for i in [*pen.values.argsort()[::-1][:3], int(votes.argmin())]:
        lines.append(f"{ec.names[i]:<16}{int(votes[i]):>6}{pen.values[i]:>9.4f}"
                     f"{pen.values[i] / votes[i]:>10.5f}")
    return "\n".join(lines)


def _groupings() -> str:
    import foedus
    from foedus import Grouping

    nato = Grouping("NATO", [2, 200, 220], 1949, observed_until=2019, formality="institution",
                    issue_areas=("security", "political", "economic"),
                    obligations=("defense", "consultation"), decision_rule="consensus",
                    capabilities=(0.28, 0.05, 0.03))
    g7 = Grouping("G7", [2, 20, 200, 220, 255, 325, 740], 1975, observed_until=2024,
                  issue_areas=("economic", "political", "security"), decision_rule="consensus")
    sides = {g.name.split(":")[0]: g for g in foedus.war_coalitions()}
    g7, *wars = foedus.attach_capabilities([g7, sides["war 139 side A"],
                                            sides["war 211 side A"]])
    labels = ["NATO", "G7", "Allies of the Second World War (COW war 139)",
              "Gulf War coalition (COW war 211)"]
    lines = ["== Coalitions, alliances and networks ==",]
    for label, g in zip(labels, [nato, g7, *wars], strict=True):
        c = foedus.classify(g)
        lines.append(f"{label:<46} {c!r}".replace("Classification(", "").rstrip(")"))
    return "\n".join(lines)


def _duration() -> str:
    import numpy as np

    import foedus
    from foedus.datasets import parlgov_cabinet_durations

    cab = parlgov_cabinet_durations(include_caretakers=False)
    keep = cab["n_parties"] > 0
    cols = ["seat_share", "n_parties", "minimal_winning"]
    X = np.column_stack([np.asarray(cab[c], dtype=float)[keep] for c in cols])
    model = foedus.AFTModel("weibull").fit(np.asarray(cab["duration_months"])[keep],
                                           np.asarray(cab["ended"])[keep], X, names=cols)
    row = next(i for i in range(len(cab["country"])) if cab["country"][i] == "DEU"
               and str(cab["start"][i]) == "2021-12-08")
    x = np.array([[float(cab[c][row]) for c in cols]])
    median = float(model.predict_median(x)[0])
    lasted = float(cab["duration_months"][row])
    ended = bool(cab["ended"][row])
    return "\n".join([
        "== How long cabinets last (ParlGov, Weibull model) ==",
        f"{int(keep.sum())} cabinets; covariates {', '.join(cols)}",
        f"Scholz cabinet (seat share {float(cab['seat_share'][row]):.1%}, "
        f"{int(cab['n_parties'][row])} parties, minimal winning): predicted median "
        f"{median:.0f} months; {'lasted' if ended else 'censored at'} {lasted:.0f} months"])


def demo_text() -> str:
    """Everything ``foedus demo`` prints: formation, power, groupings and duration on the
    bundled data.

    Examples
    --------
    >>> from foedus.cli import demo_text
    >>> text = demo_text()
    >>> "Cabinet formed: SPD + B90/Gru + FDP" in text and "Electoral College" in text
    True
    """
    return "\n\n".join([quickstart(), _formation(), _power(), _groupings(), _duration()])

