"""``foedus duration``: duration models of a user's CSV file from the command line (Cox, AFT,
Kaplan-Meier, bootstrap intervals), against the library's own calls and the model's
definitions (hazard ratios, Wald intervals), with clear errors for bad files and options."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import numpy as np
import pytest
from scipy import stats
from user_files import cabinet_columns, write_cabinets_csv, write_kabl_csv

import foedus
from foedus.cli import main
from foedus.cli.duration import duration_rows
from foedus.datasets import kabl_1990

KABL_COVARIATES = ["numst2", "invest", "polar"]


@pytest.fixture(scope="module")
def kabl_csv(tmp_path_factory) -> Path:
    return write_kabl_csv(tmp_path_factory.mktemp("kabl") / "kabl.csv")


@pytest.fixture(scope="module")
def parlgov_csv(tmp_path_factory) -> tuple[Path, dict[str, np.ndarray]]:
    return (write_cabinets_csv(tmp_path_factory.mktemp("parlgov") / "cabinets.csv"),
            cabinet_columns())


def run_json(capsys, *argv: str) -> dict:
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def kabl_arrays() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    d = kabl_1990()
    return d["duration"], d["ciep12"], np.column_stack([d[c] for c in KABL_COVARIATES])


def test_cox_matches_the_library_and_its_definitions(capsys, kabl_csv: Path) -> None:
    data = run_json(capsys, "duration", str(kabl_csv), "--time", "duration", "--event",
                    "ciep12", "--covariates", ",".join(KABL_COVARIATES), "--json")
    t, e, X = kabl_arrays()
    ref = foedus.CoxModel().fit(t, e, X, names=KABL_COVARIATES)
    rows = data["rows"]
    assert [r["term"] for r in rows] == KABL_COVARIATES
    np.testing.assert_array_equal([r["coef"] for r in rows], ref.params_)
    np.testing.assert_array_equal([r["se"] for r in rows], ref.se_)
    z95 = stats.norm.ppf(0.975)
    for r in rows:
        assert r["hazard_ratio"] == pytest.approx(np.exp(r["coef"]), rel=1e-15)
        assert r["z"] == pytest.approx(r["coef"] / r["se"], rel=1e-14)
        assert r["p"] == pytest.approx(2 * stats.norm.sf(abs(r["z"])), rel=1e-12)
        assert r["lower_95"] == pytest.approx(r["coef"] - z95 * r["se"], rel=1e-14)
        assert r["upper_95"] == pytest.approx(r["coef"] + z95 * r["se"], rel=1e-14)
    # King, Alt, Burns and Laver (1990), as refitted in the survival literature: a majority
    # cabinet's hazard of ending is about 0.57 times a minority one's
    assert rows[0]["hazard_ratio"] == pytest.approx(0.568, abs=0.002)
    meta = data["meta"]
    assert (meta["n"], meta["events"]) == (314, 271)
    assert meta["lr_statistic"] == pytest.approx(ref.likelihood_ratio_test()[0], rel=1e-12)
    assert meta["method"] == ref.method and meta["reference"] == ref.reference


def test_breslow_ties_and_the_default_event(capsys, kabl_csv: Path) -> None:
    data = run_json(capsys, "duration", str(kabl_csv), "--time", "duration", "--covariates",
                    "numst2", "--ties", "breslow", "--json")
    t, _, _ = kabl_arrays()
    ref = foedus.CoxModel("breslow").fit(t, np.ones_like(t), kabl_1990()["numst2"])
    assert data["rows"][0]["coef"] == ref.params_[0]
    assert data["meta"]["events"] == 314 and data["meta"]["ties"] == "breslow"


@pytest.mark.parametrize("model", ["weibull", "exponential", "lognormal", "loglogistic"])
def test_aft_models_match_the_library(capsys, kabl_csv: Path, model: str) -> None:
    data = run_json(capsys, "duration", str(kabl_csv), "--time", "duration", "--event",
                    "ciep12", "--covariates", "numst2,invest", "--model", model, "--json")
    t, e, X = kabl_arrays()
    ref = foedus.AFTModel(model).fit(t, e, X[:, :2], names=["numst2", "invest"])
    assert [r["term"] for r in data["rows"]] == ref.names_
    np.testing.assert_array_equal([r["coef"] for r in data["rows"]], ref.params_)
    assert data["meta"]["loglik"] == ref.loglik_


def test_kaplan_meier_table_and_median(capsys, kabl_csv: Path) -> None:
    assert main(["duration", str(kabl_csv), "--time", "duration", "--event", "ciep12",
                 "--csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    t, e, _ = kabl_arrays()
    km = foedus.KaplanMeier().fit(t, e)
    np.testing.assert_allclose([float(r["survival"]) for r in rows], km.survival_function_,
                               rtol=1e-5)  # CSV cells carry 6 significant digits
    # the product-limit estimate by hand: prod over event times of 1 - d / n
    times = np.unique(t[e == 1])
    s = np.cumprod([1 - ((t == u) & (e == 1)).sum() / (t >= u).sum() for u in times])
    np.testing.assert_allclose([float(r["survival"]) for r in rows], s, rtol=1e-5)
    assert main(["duration", str(kabl_csv), "--time", "duration", "--event", "ciep12"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("Kaplan-Meier estimate of duration: n = 314, events = 271; "
                            f"median {km.median_survival_time_:g}")


def test_bootstrap_is_the_librarys_bootstrap(capsys, kabl_csv: Path) -> None:
    data = run_json(capsys, "duration", str(kabl_csv), "--time", "duration", "--event",
                    "ciep12", "--covariates", ",".join(KABL_COVARIATES), "--bootstrap", "60",
                    "--seed", "7", "--json")
    t, e, X = kabl_arrays()
    ref = foedus.bootstrap(foedus.CoxModel(), t, e, X, n_resamples=60, seed=7,
                           fit_kwargs={"names": KABL_COVARIATES}, progress=False)
    np.testing.assert_array_equal([r["boot_se"] for r in data["rows"]], ref.standard_error)
    np.testing.assert_array_equal([[r["boot_lower_95"], r["boot_upper_95"]]
                                   for r in data["rows"]], ref.confidence_interval)
    assert data["meta"]["bootstrap_resamples"] == 60 and data["meta"]["bootstrap_seed"] == 7
    # Kaplan-Meier: the bootstrap of the median
    data = run_json(capsys, "duration", str(kabl_csv), "--time", "duration", "--event",
                    "ciep12", "--bootstrap", "40", "--seed", "2", "--json")
    ref = foedus.bootstrap(foedus.KaplanMeier(), t, e, n_resamples=40, seed=2, progress=False)
    assert data["meta"]["boot_lower_95"] == ref.confidence_interval[0, 0]
    assert data["meta"]["median"] == foedus.KaplanMeier().fit(t, e).median_survival_time_


def test_clusters_give_robust_errors_and_the_cluster_bootstrap(capsys, parlgov_csv) -> None:
    path, cols = parlgov_csv
    names = ["seat_share", "n_parties"]
    data = run_json(capsys, "duration", str(path), "--time", "months", "--event", "ended",
                    "--covariates", ",".join(names), "--cluster", "country",
                    "--bootstrap", "30", "--seed", "3", "--json")
    X = np.column_stack([cols[c] for c in names])
    codes = np.unique(cols["country"], return_inverse=True)[1]
    ref = foedus.CoxModel().fit(cols["months"], cols["ended"], X, names=names, cluster=codes)
    assert data["meta"]["robust"] is True
    np.testing.assert_allclose([r["se"] for r in data["rows"]], ref.se_, rtol=1e-12)
    boot = foedus.bootstrap(foedus.CoxModel(), cols["months"], cols["ended"], X,
                            cluster=codes, n_resamples=30, seed=3,
                            fit_kwargs={"names": names}, progress=False)
    assert data["meta"]["bootstrap_resampling"] == "clusters"
    np.testing.assert_allclose([r["boot_se"] for r in data["rows"]], boot.standard_error,
                               rtol=1e-12)
    # AFT with clusters: only through the bootstrap
    data = run_json(capsys, "duration", str(path), "--time", "months", "--event", "ended",
                    "--covariates", "seat_share", "--model", "weibull", "--cluster",
                    "country", "--bootstrap", "10", "--json")
    assert data["meta"]["bootstrap_resampling"] == "clusters"


def test_strata_and_entry(capsys, parlgov_csv, tmp_path: Path) -> None:
    path, cols = parlgov_csv
    data = run_json(capsys, "duration", str(path), "--time", "months", "--event", "ended",
                    "--covariates", "seat_share", "--strata", "country", "--json")
    codes = np.unique(cols["country"], return_inverse=True)[1]
    ref = foedus.CoxModel().fit(cols["months"], cols["ended"], cols["seat_share"],
                                strata=codes)
    assert data["rows"][0]["coef"] == pytest.approx(ref.params_[0], rel=1e-12)
    # start-stop rows: a unit split at time 2 fits as the unsplit unit
    t, e, X = kabl_arrays()
    lines = ["start,stop,end,numst2"]
    for ti, ei, xi in zip(t, e, X[:, 0], strict=True):
        if ti > 2:
            lines += [f"0,2,0,{xi}", f"2,{ti},{ei},{xi}"]
        else:
            lines.append(f"0,{ti},{ei},{xi}")
    (tmp_path / "split.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    data = run_json(capsys, "duration", str(tmp_path / "split.csv"), "--time", "stop",
                    "--entry", "start", "--event", "end", "--covariates", "numst2", "--json")
    whole = foedus.CoxModel().fit(t, e, X[:, 0])
    assert data["rows"][0]["coef"] == pytest.approx(whole.params_[0], rel=1e-10)


def test_bootstrap_progress_bar(capsys, monkeypatch, kabl_csv: Path) -> None:
    import foedus._progress

    monkeypatch.setattr(foedus._progress, "DELAY", 0.0)
    duration_rows(kabl_csv, time="duration", event="ciep12", covariates=["numst2"],
                  n_bootstrap=20, progress=True)
    err = capsys.readouterr().err
    assert "bootstrap" in err and "100%" in err
    assert main(["duration", str(kabl_csv), "--time", "duration", "--covariates", "numst2",
                 "--bootstrap", "20", "--no-progress"]) == 0
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("argv,message", [
    (["--time", "years"], "--time: no column 'years'"),
    (["--time", "duration", "--covariates", "numst2,size"], "--covariates: no column 'size'"),
    (["--time", "duration", "--covariates", "numst2", "--model", "km"], "takes no --covariates"),
    (["--time", "duration", "--model", "cox"], "give --covariates"),
    (["--time", "duration", "--covariates", "numst2", "--model", "weibull", "--strata",
      "invest"], "--strata: only the Cox model"),
    (["--time", "duration", "--model", "km", "--cluster", "invest"], "add --bootstrap N"),
    (["--time", "duration", "--covariates", "numst2", "--bootstrap", "-5"], "--bootstrap"),
    (["--time", "duration", "--covariates", "numst2,numst2"], "named twice"),
    (["--time", "duration", "--event", "fract", "--covariates", "numst2"], "event"),
    (["--time", "duration", "--event", "polar"], "event"),
])
def test_bad_options_give_a_clear_error(capsys, kabl_csv: Path, argv, message) -> None:
    code = main(["duration", str(kabl_csv), *argv])
    out = capsys.readouterr()
    assert code == 2 and out.out == ""
    assert message in out.err and "Traceback" not in out.err


@pytest.mark.parametrize("text,message", [
    ("t,e,x\n1,1,0\n2,,1\n", "line 3: column 'e' is empty"),
    ("t,e,x\n1,1,0\n2,1,high\n", "line 3: column 'x' holds 'high'"),
    ("t,e,x,g\n1,1,0,a\n2,1,1,\n", "line 3: column 'g' is empty"),
    ("t,e,x\n1,1,0\n\n2,1\n", "line 4: 2 cells"),
    ("t,e,x\n-1,1,0\n2,1,1\n", "durations"),
])
def test_bad_files_give_a_clear_error(capsys, tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "f.csv").write_text(text, encoding="utf-8")
    code = main(["duration", str(tmp_path / "f.csv"), "--time", "t", "--event", "e",
                 "--covariates", "x", "--model", "weibull", "--cluster", "g",
                 "--bootstrap", "5"] if ",g" in text else
                ["duration", str(tmp_path / "f.csv"), "--time", "t", "--event", "e",
                 "--covariates", "x", "--model", "weibull"])
    out = capsys.readouterr()
    assert code == 2 and message in out.err and "Traceback" not in out.err
