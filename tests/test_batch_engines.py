"""saidwho batch on Ray (a local instance) and on Spark (local[2]): the same per-document function, the same shards,
the same part files as the local engine. One session per engine (module-scoped); slow, and run in CI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from corpusgen import build_warc, page, write_jsonl
from test_batch import check_warc_summary, sorted_records

from saidwho.runners.batch import BatchConfig, run_batch
from saidwho.runners.document import Options

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    d = tmp_path_factory.mktemp("engines")
    warc = d / "news.warc.gz"
    expect = build_warc(warc, 2000)
    small = d / "small.jsonl"
    write_jsonl(small, [page(k) for k in range(30)] + [{"id": "bad", "text": 3}])
    local = d / "local"
    run_batch(BatchConfig(inputs=[str(small)], out=str(local), workers=2, shard_size=8, options=Options(rules_only=True)))
    return {"warc": warc, "expect": expect, "small": small, "local": local, "dir": d}


# ------------------------------------------------------------------------------------------------ Ray


@pytest.fixture(scope="module")
def ray_cluster():
    ray = pytest.importorskip("ray") if not os.environ.get("CI") else __import__("ray")
    os.environ["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    yield ray
    ray.shutdown()


def test_ray_small_matches_local_engine(corpus, ray_cluster):
    out = corpus["dir"] / "ray-small"
    s = run_batch(BatchConfig(inputs=[str(corpus["small"])], out=str(out), engine="ray", shard_size=8, options=Options(rules_only=True)))
    assert s["adds_up"] and s["processed"] == 30 and s["failed"] == 1
    assert sorted_records(out) == sorted_records(corpus["local"])
    assert ray_cluster.is_initialized()  # a cluster it joined is left running


def test_ray_warc_of_2000_pages(corpus, ray_cluster):
    s = run_batch(BatchConfig(inputs=[str(corpus["warc"])], out=str(corpus["dir"] / "ray"), engine="ray", shard_size=250, options=Options(rules_only=True)))
    check_warc_summary(s, corpus["expect"])


# ------------------------------------------------------------------------------------------------ Spark


@pytest.fixture(scope="module")
def spark():
    if not os.environ.get("CI"):
        pytest.importorskip("pyspark")
    from pyspark.sql import SparkSession

    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])
    session = (
        SparkSession.builder.master("local[2]").appName("saidwho-tests").config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "1g").getOrCreate()
    )
    yield session
    session.stop()


def test_spark_small_matches_local_engine(corpus, spark):
    out = corpus["dir"] / "spark-small"
    s = run_batch(BatchConfig(inputs=[str(corpus["small"])], out=str(out), engine="spark", spark=spark, shard_size=8, options=Options(rules_only=True)))
    assert s["adds_up"] and s["processed"] == 30 and s["failed"] == 1
    assert sorted_records(out) == sorted_records(corpus["local"])


def test_spark_warc_of_2000_pages(corpus, spark):
    s = run_batch(BatchConfig(inputs=[str(corpus["warc"])], out=str(corpus["dir"] / "spark"), engine="spark", spark=spark, shard_size=250, options=Options(rules_only=True)))
    check_warc_summary(s, corpus["expect"])


def test_spark_submit_entry_point(corpus, spark):
    """The script spark-submit runs: a real spark-submit, local[2], on the small corpus; same records."""
    import pyspark

    submit = Path(pyspark.__file__).parent / "bin" / "spark-submit"
    script = ROOT / "src" / "saidwho" / "runners" / "spark.py"
    out = corpus["dir"] / "submitted"
    env = {**os.environ, "PYSPARK_PYTHON": sys.executable, "PYSPARK_DRIVER_PYTHON": sys.executable}
    cmd = [str(submit), "--master", "local[2]", "--conf", "spark.ui.enabled=false", str(script), str(corpus["small"]),
           "--out", str(out), "--shard-size", "8", "--rules-only", "--json", "-q"]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    assert summary["engine"] == "spark" and summary["adds_up"] and summary["processed"] == 30
    assert sorted_records(out) == sorted_records(corpus["local"])
