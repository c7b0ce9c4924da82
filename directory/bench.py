"""Benchmark cases of the directory (the runner is bench/run.py; `make bench`).

The dataset is what `seed_demo --scale 75` makes, about 22,500 organizations (the cluster's size): the
directory adds nothing of its own, so build_dataset only describes it.
"""

DATASET_VERSION = "1"


def build_dataset(*, stdout) -> str:
    from directory.models import Organization

    count = Organization.objects.count()
    stdout.write(f"directory: {count} organizations from seed_demo; nothing to add\n")
    return f"{count} organizations"


def cases() -> list[dict]:
    return [
        {"page": "directory_list", "path": "/directory/", "login": None},
        {"page": "directory_search_text", "path": "/directory/?q=испытательная+лаборатория", "login": None},
        {
            "page": "directory_three_facets",
            "path": "/directory/?kind=laboratory&okrug=cao&capability=test",
            "login": None,
        },
        {"page": "directory_map_geojson", "path": "/directory/map.geojson", "login": None},
        # The first technology park of the demo data: the profile with the most residents.
        {"page": "directory_profile", "path": "/directory/technopolis-moscow/", "login": None},
    ]
