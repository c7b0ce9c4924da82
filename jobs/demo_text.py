"""Vocabulary of the demo and benchmark vacancies: titles, skills, tasks and conditions, in Russian and English."""

from jobs.models import EmploymentType, Experience, Profile, WorkFormat

# profile -> (Russian titles, English titles, skills, Russian tasks, English tasks)
PROFILES = {
    Profile.SOFTWARE: (
        [
            "Python-разработчик", "Backend-разработчик (Go)", "Frontend-разработчик (React)",
            "Разработчик встраиваемого ПО (C/C++)", "Android-разработчик (Kotlin)", "DevOps-инженер",
            "Java-разработчик", "Fullstack-разработчик", "Разработчик на Rust",
        ],
        [
            "Python Developer", "Backend Engineer (Go)", "Frontend Developer (React)",
            "Embedded Software Engineer (C/C++)", "DevOps Engineer", "Java Developer", "Site Reliability Engineer",
        ],
        [
            "Python", "Django", "FastAPI", "PostgreSQL", "Go", "Kubernetes", "Docker", "React", "TypeScript",
            "C++", "Linux", "Git", "Kafka", "Redis", "REST API", "CI/CD", "Java", "Spring", "Kotlin", "Rust",
        ],
        [
            "разработка и поддержка серверных сервисов продукта", "проектирование API и схем данных",
            "код-ревью и наставничество младших коллег", "оптимизация производительности и запросов к базе",
            "автоматизация тестирования и развёртывания", "участие в архитектурных решениях команды",
        ],
        [
            "build and maintain the product's backend services", "design APIs and data models",
            "review code and mentor junior colleagues", "optimize performance and database queries",
            "automate testing and deployment", "take part in the team's architecture decisions",
        ],
    ),
    Profile.HARDWARE: (
        [
            "Инженер-схемотехник", "Инженер-конструктор печатных плат", "Разработчик ПЛИС (FPGA)",
            "Инженер по микроэлектронике", "Инженер-электроник", "Топологист интегральных схем",
            "Инженер по силовой электронике",
        ],
        [
            "Hardware Design Engineer", "PCB Layout Engineer", "FPGA Developer", "Microelectronics Engineer",
            "Electronics Engineer", "Power Electronics Engineer",
        ],
        [
            "Altium Designer", "KiCad", "Verilog", "VHDL", "SystemVerilog", "STM32", "SPICE", "Cadence",
            "схемотехника", "трассировка плат", "осциллограф", "EMC",
        ],
        [
            "разработка электрических схем и выбор компонентной базы", "трассировка многослойных печатных плат",
            "отладка опытных образцов на стенде", "подготовка конструкторской документации по ЕСКД",
            "моделирование и верификация цифровых блоков", "взаимодействие с контрактным производством",
        ],
        [
            "design schematics and choose components", "lay out multilayer printed circuit boards",
            "bring up and debug prototypes on the bench", "prepare design documentation",
            "simulate and verify digital blocks", "work with contract manufacturers",
        ],
    ),
    Profile.ENGINEERING: (
        [
            "Инженер-конструктор", "Инженер-механик", "Инженер-технолог", "Инженер по робототехнике",
            "Инженер-проектировщик", "Инженер по автоматизации (АСУ ТП)", "Инженер-испытатель",
        ],
        [
            "Mechanical Design Engineer", "Process Engineer", "Robotics Engineer", "Automation Engineer",
            "Test Engineer",
        ],
        [
            "SolidWorks", "КОМПАС-3D", "AutoCAD", "ANSYS", "ЕСКД", "ПЛК", "SCADA", "ROS", "3D-печать",
            "чтение чертежей", "CATIA", "NX",
        ],
        [
            "проектирование узлов и механизмов в САПР", "расчёты на прочность и тепловые режимы",
            "сопровождение изделия в производстве", "испытания опытных образцов",
            "разработка технологических процессов", "выпуск рабочей документации",
        ],
        [
            "design assemblies and mechanisms in CAD", "run strength and thermal calculations",
            "support the product in production", "test prototypes", "develop manufacturing processes",
            "release working documentation",
        ],
    ),
    Profile.RESEARCH: (
        [
            "Научный сотрудник", "Младший научный сотрудник", "Инженер-исследователь", "Биоинформатик",
            "Химик-аналитик", "Инженер НИОКР", "Специалист по новым материалам",
        ],
        ["Research Scientist", "Research Engineer", "Bioinformatician", "Analytical Chemist", "R&D Engineer"],
        [
            "планирование эксперимента", "статистика", "Python", "R", "MATLAB", "ВЭЖХ", "масс-спектрометрия",
            "научные публикации", "патентный поиск", "COMSOL",
        ],
        [
            "постановка и проведение экспериментов", "обработка и интерпретация результатов",
            "подготовка научных публикаций и заявок на гранты", "сопровождение НИОКР с индустриальными партнёрами",
            "патентный поиск и защита результатов", "работа на современном лабораторном оборудовании",
        ],
        [
            "plan and run experiments", "process and interpret results", "write papers and grant applications",
            "run R&D projects with industrial partners", "search patents and protect results",
            "work with modern laboratory equipment",
        ],
    ),
    Profile.MANUFACTURING: (
        [
            "Оператор станков с ЧПУ", "Мастер участка", "Наладчик оборудования",
            "Монтажник радиоэлектронной аппаратуры",
            "Технолог производства", "Инженер по качеству производства", "Сборщик электронных модулей",
        ],
        [
            "CNC Operator", "Production Supervisor", "Equipment Technician", "Electronics Assembler",
            "Production Engineer",
        ],
        ["ЧПУ", "Fanuc", "Heidenhain", "пайка", "SMT", "бережливое производство", "5S", "ISO 9001", "чтение чертежей"],
        [
            "наладка и обслуживание производственного оборудования", "выпуск продукции по плану участка",
            "контроль качества на операциях", "внедрение улучшений бережливого производства",
            "обучение новых сотрудников", "ведение технологической документации",
        ],
        [
            "set up and maintain production equipment", "meet the line's production plan",
            "check quality at each operation", "introduce lean improvements", "train new colleagues",
            "keep process documentation",
        ],
    ),
    Profile.DESIGN: (
        [
            "Промышленный дизайнер", "UX/UI-дизайнер", "Продуктовый дизайнер",
            "Дизайнер интерфейсов медицинских приборов",
        ],
        ["Industrial Designer", "UX/UI Designer", "Product Designer"],
        ["Figma", "Blender", "Rhino", "KeyShot", "UX-исследования", "прототипирование", "дизайн-системы"],
        [
            "проектирование интерфейсов и пользовательских сценариев", "исследования с пользователями",
            "развитие дизайн-системы", "дизайн корпусов и эргономика изделий", "подготовка макетов к производству",
        ],
        [
            "design interfaces and user flows", "run user research", "grow the design system",
            "design enclosures and ergonomics", "prepare designs for production",
        ],
    ),
    Profile.DATA_AI: (
        [
            "Data Scientist", "ML-инженер", "Инженер компьютерного зрения", "Аналитик данных",
            "Инженер данных", "Исследователь в области NLP",
        ],
        ["Data Scientist", "Machine Learning Engineer", "Computer Vision Engineer", "Data Analyst", "Data Engineer"],
        [
            "Python", "PyTorch", "TensorFlow", "SQL", "Spark", "Airflow", "ClickHouse", "OpenCV", "LLM",
            "scikit-learn", "MLOps", "статистика",
        ],
        [
            "обучение и внедрение моделей машинного обучения", "подготовка и разметка данных",
            "построение витрин и пайплайнов данных", "A/B-тесты и оценка качества моделей",
            "исследование новых архитектур нейросетей", "вывод моделей в промышленную эксплуатацию",
        ],
        [
            "train and deploy machine learning models", "prepare and label data", "build data pipelines",
            "run A/B tests and evaluate models", "explore new neural network architectures",
            "take models to production",
        ],
    ),
    Profile.QUALITY: (
        [
            "Инженер по тестированию (QA)", "Инженер по сертификации", "Инженер по метрологии",
            "Специалист по системе менеджмента качества", "Инженер испытательной лаборатории",
        ],
        ["QA Engineer", "Certification Engineer", "Metrology Engineer", "Quality Manager"],
        ["ГОСТ Р", "ISO 9001", "ISO/IEC 17025", "ТР ЕАЭС", "метрология", "Selenium", "pytest", "тест-кейсы"],
        [
            "испытания продукции по методикам", "подготовка документов для сертификации",
            "поверка и калибровка средств измерений", "аудит системы менеджмента качества",
            "автоматизация тестирования",
        ],
        [
            "test products by standard methods", "prepare certification documents",
            "verify and calibrate measuring instruments", "audit the quality management system",
            "automate testing",
        ],
    ),
    Profile.SALES_MARKETING: (
        [
            "Менеджер по продажам высокотехнологичной продукции", "Менеджер по работе с ключевыми клиентами",
            "Маркетолог", "Менеджер по экспорту", "Специалист по тендерам",
        ],
        ["Sales Manager", "Key Account Manager", "Marketing Manager", "Export Manager"],
        ["B2B-продажи", "CRM", "тендеры 44-ФЗ", "английский язык", "выставки", "контент-маркетинг", "SEO"],
        [
            "развитие продаж продукции компании", "работа с ключевыми заказчиками",
            "подготовка коммерческих предложений и участие в тендерах", "выход на зарубежные рынки",
            "организация участия в отраслевых выставках",
        ],
        [
            "grow the company's sales", "manage key customers", "prepare offers and bid in tenders",
            "enter foreign markets", "represent the company at trade shows",
        ],
    ),
    Profile.MANAGEMENT: (
        [
            "Руководитель проектов", "Продакт-менеджер", "Технический директор", "Руководитель отдела разработки",
            "Менеджер НИОКР",
        ],
        ["Project Manager", "Product Manager", "CTO", "Head of Engineering", "R&D Program Manager"],
        ["управление проектами", "Agile", "Scrum", "Jira", "бюджетирование", "управление командой", "PMBOK"],
        [
            "планирование и контроль сроков проектов", "управление командой и ресурсами",
            "коммуникация с заказчиками и партнёрами", "формирование продуктовой стратегии",
            "отчётность перед руководством и фондами",
        ],
        [
            "plan projects and keep them on time", "lead the team and its resources",
            "talk with customers and partners", "shape the product strategy", "report to management and funds",
        ],
    ),
    Profile.OPERATIONS: (
        ["Бухгалтер", "Специалист по кадрам", "Офис-менеджер", "Юрист по интеллектуальной собственности", "Закупщик"],
        ["Accountant", "HR Specialist", "Office Manager", "IP Lawyer", "Procurement Specialist"],
        ["1С", "Excel", "кадровый учёт", "договорная работа", "ВЭД", "закупки 223-ФЗ"],
        [
            "ведение учёта и отчётности", "подбор и адаптация сотрудников", "договорная работа",
            "закупки комплектующих и оборудования", "сопровождение льгот резидента технопарка",
        ],
        [
            "keep accounts and reports", "hire and onboard people", "handle contracts",
            "buy components and equipment", "handle the company's resident benefits",
        ],
    ),
}  # fmt: skip

LEVELS = {
    Experience.NONE: ("Стажёр: {title}", "Intern {title}", 0.55),
    Experience.ONE_TO_THREE: ("{title}", "{title}", 1.0),
    Experience.THREE_TO_SIX: ("Старший {lower}", "Senior {title}", 1.45),
    Experience.SIX_PLUS: ("Ведущий {lower}", "Lead {title}", 1.9),
}
# Monthly salary before tax at 1-3 years, by profile (roubles).
BASE_SALARY = {
    Profile.SOFTWARE: 190_000,
    Profile.HARDWARE: 160_000,
    Profile.ENGINEERING: 130_000,
    Profile.RESEARCH: 110_000,
    Profile.MANUFACTURING: 85_000,
    Profile.DESIGN: 140_000,
    Profile.DATA_AI: 210_000,
    Profile.QUALITY: 110_000,
    Profile.SALES_MARKETING: 120_000,
    Profile.MANAGEMENT: 220_000,
    Profile.OPERATIONS: 90_000,
}
PROFILE_WEIGHTS = {
    Profile.SOFTWARE: 20,
    Profile.HARDWARE: 12,
    Profile.ENGINEERING: 14,
    Profile.RESEARCH: 8,
    Profile.MANUFACTURING: 10,
    Profile.DESIGN: 4,
    Profile.DATA_AI: 9,
    Profile.QUALITY: 6,
    Profile.SALES_MARKETING: 7,
    Profile.MANAGEMENT: 5,
    Profile.OPERATIONS: 5,
}
CONDITIONS_RU = [
    "оформление по ТК РФ с первого дня",
    "ДМС со стоматологией",
    "гибкое начало рабочего дня",
    "обучение и конференции за счёт компании",
    "современное оборудование и лаборатории технопарка",
    "льготная аренда жилья для сотрудников резидентов",
    "корпоративный спорт и столовая на территории",
    "прозрачная система премий по итогам проектов",
]
CONDITIONS_EN = [
    "official employment from day one",
    "health insurance including dental care",
    "flexible start of the working day",
    "training and conferences paid by the company",
    "modern equipment and the park's laboratories",
    "subsidised housing for residents' staff",
    "sports and a canteen on site",
    "clear project bonuses",
]
FORMAT_PHRASES = {
    WorkFormat.ON_SITE: ("работа в офисе и лаборатории компании", "work at the company's office and lab"),
    WorkFormat.HYBRID: ("гибридный формат: 2–3 дня в офисе", "hybrid: 2–3 days a week at the office"),
    WorkFormat.REMOTE: ("полностью удалённая работа из любого города России", "fully remote from anywhere in Russia"),
}
EXPERIENCE_PHRASES = {
    Experience.NONE: ("готовы взять студента старших курсов или выпускника", "students and graduates are welcome"),
    Experience.ONE_TO_THREE: ("опыт работы по специальности от 1 года", "at least a year of relevant experience"),
    Experience.THREE_TO_SIX: ("опыт работы по специальности от 3 лет", "at least 3 years of relevant experience"),
    Experience.SIX_PLUS: ("опыт от 6 лет, в том числе руководства", "6+ years of experience, including leading people"),
}
EMPLOYMENT_WEIGHTS = {
    EmploymentType.FULL_TIME: 78,
    EmploymentType.PART_TIME: 7,
    EmploymentType.INTERNSHIP: 7,
    EmploymentType.PROJECT: 8,
}
COVER_LETTERS = [
    "Здравствуйте! Меня заинтересовала ваша вакансия: опыт и задачи совпадают с тем, чем я занимаюсь последние годы.",
    "Добрый день. Готов выйти в ближайшее время, резюме по ссылке. Буду рад обсудить детали.",
    "Hello! I have been following your company's products and would love to join the team.",
    "Здравствуйте, хочу работать в технопарке рядом с домом. Подробности в профиле.",
    "",
]
FIRST_NAMES = ["Анна", "Дмитрий", "Мария", "Алексей", "Екатерина", "Иван", "Ольга", "Сергей", "Наталья", "Павел"]
LAST_NAMES = [
    "Иванов",
    "Смирнов",
    "Кузнецов",
    "Попов",
    "Васильев",
    "Петров",
    "Соколов",
    "Михайлов",
    "Новиков",
    "Фёдоров",
]
