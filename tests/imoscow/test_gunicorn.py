import gc
import runpy
from pathlib import Path

import pytest

CONFIG = Path(__file__).resolve().parents[2] / "imoscow" / "gunicorn.conf.py"


@pytest.fixture
def config():
    return runpy.run_path(str(CONFIG))


@pytest.fixture
def unfrozen():
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_a_loaded_worker_moves_start_up_objects_out_of_the_collectors_sight(config, unfrozen):
    assert gc.get_freeze_count() == 0
    config["post_worker_init"](worker=None)
    assert gc.get_freeze_count() > 10_000
