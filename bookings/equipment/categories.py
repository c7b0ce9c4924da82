"""The seeded equipment category tree: (slug, Russian, English, [children])."""

TREE = [
    (
        "additive",
        "Аддитивное производство",
        "Additive manufacturing",
        [
            ("additive-metal", "3D-печать металлом", "Metal 3D printing"),
            ("additive-polymer", "3D-печать полимерами", "Polymer 3D printing"),
            ("additive-resin", "Фотополимерная печать", "Resin printing"),
        ],
    ),
    (
        "cnc",
        "Обработка на станках с ЧПУ",
        "CNC machining",
        [
            ("cnc-milling", "Фрезерная обработка", "Milling"),
            ("cnc-turning", "Токарная обработка", "Turning"),
            ("cnc-laser", "Лазерная резка", "Laser cutting"),
            ("cnc-edm", "Электроэрозионная обработка", "EDM"),
        ],
    ),
    (
        "measurement",
        "Измерения и испытания",
        "Measurement and testing",
        [
            ("measurement-cmm", "Координатно-измерительные машины", "Coordinate measuring machines"),
            ("measurement-mechanical", "Механические испытания", "Mechanical testing"),
            ("measurement-emc", "Испытания на ЭМС", "EMC testing"),
        ],
    ),
    (
        "climate",
        "Климатические и вибрационные испытания",
        "Climate and vibration testing",
        [
            ("climate-chamber", "Климатические камеры", "Climate chambers"),
            ("climate-vibration", "Вибростенды", "Vibration tables"),
            ("climate-shock", "Ударные испытания", "Shock testing"),
        ],
    ),
    (
        "electronics",
        "Сборка электроники",
        "Electronics assembly",
        [
            ("electronics-smt", "Поверхностный монтаж (SMT)", "SMT assembly"),
            ("electronics-pcb", "Изготовление печатных плат", "PCB fabrication"),
            ("electronics-test", "Тестирование плат", "Board testing"),
        ],
    ),
    (
        "microscopy",
        "Микроскопия",
        "Microscopy",
        [
            ("microscopy-electron", "Электронная микроскопия", "Electron microscopy"),
            ("microscopy-optical", "Оптическая микроскопия", "Optical microscopy"),
            ("microscopy-afm", "Атомно-силовая микроскопия", "Atomic force microscopy"),
        ],
    ),
    (
        "labs",
        "Химические и биологические лаборатории",
        "Chemistry and biology labs",
        [
            ("labs-chemistry", "Химический анализ", "Chemical analysis"),
            ("labs-biology", "Молекулярная биология", "Molecular biology"),
            ("labs-cell", "Клеточные технологии", "Cell culture"),
        ],
    ),
    (
        "prototyping",
        "Прототипирование и малые серии",
        "Prototyping and small series",
        [
            ("prototyping-casting", "Литьё в силикон", "Silicone casting"),
            ("prototyping-injection", "Литьё под давлением", "Injection moulding"),
        ],
    ),
]


def seed_categories(Category) -> None:
    """Create the tree (idempotent); `Category` is the real or the historical model."""
    position = 0
    for slug, name_ru, name_en, children in TREE:
        position += 1
        parent, _created = Category.objects.update_or_create(
            slug=slug, defaults={"name_ru": name_ru, "name_en": name_en, "position": position, "parent": None}
        )
        for child_slug, child_ru, child_en in children:
            position += 1
            Category.objects.update_or_create(
                slug=child_slug,
                defaults={"name_ru": child_ru, "name_en": child_en, "position": position, "parent": parent},
            )
