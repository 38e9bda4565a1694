"""The skills vocabulary: canonical names, their aliases, and the question-bank tag each maps to.

One place turns what people type ("Postgres", "k8s", "JS", "golang") into one canonical skill, so
the question bank, the setup page and (later) resume parsing agree on what a skill is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Skill:
    name: str  # how we show it
    tag: str  # the question-bank tag it selects
    aliases: tuple[str, ...] = ()


SKILLS: tuple[Skill, ...] = (
    Skill("Python", "python", ("py", "python3", "cpython")),
    Skill("Django", "python", ("django rest framework", "drf")),
    Skill("Flask", "python"),
    Skill("FastAPI", "python", ("fast api",)),
    Skill("JavaScript", "javascript", ("js", "ecmascript", "es6", "es2015", "vanilla js")),
    Skill("TypeScript", "typescript", ("ts",)),
    Skill("React", "react", ("reactjs", "react.js", "react js")),
    Skill("Next.js", "react", ("nextjs", "next")),
    Skill("Node.js", "nodejs", ("node", "nodejs", "node js")),
    Skill("Express", "nodejs", ("express.js", "expressjs")),
    Skill("NestJS", "nodejs", ("nest.js", "nest")),
    Skill("Java", "java", ("jvm", "java 17", "java 21")),
    Skill("Spring", "java", ("spring boot", "springboot", "spring framework")),
    Skill("Kotlin", "java", ("kt",)),
    Skill("Go", "go", ("golang", "go lang")),
    Skill("SQL", "sql", ("t-sql", "pl/sql", "ansi sql")),
    Skill("PostgreSQL", "postgresql", ("postgres", "psql", "pg", "postgre")),
    Skill("MySQL", "mysql", ("mariadb", "innodb")),
    Skill("MongoDB", "mongodb", ("mongo",)),
    Skill("Redis", "redis", ("valkey",)),
    Skill("Databases", "databases", ("database", "rdbms", "nosql", "data modeling", "data modelling")),
    Skill("Docker", "docker", ("containers", "dockerfile", "docker compose", "docker-compose")),
    Skill("Kubernetes", "kubernetes", ("k8s", "kube", "helm", "eks", "gke", "aks")),
    Skill("AWS", "aws", ("amazon web services", "ec2", "s3", "lambda", "aws lambda")),
    Skill("Azure", "cloud", ("microsoft azure",)),
    Skill("GCP", "cloud", ("google cloud", "google cloud platform")),
    Skill("Cloud", "cloud", ("gcp", "google cloud", "azure", "cloud computing")),
    Skill("Terraform", "devops", ("opentofu",)),
    Skill("DevOps", "devops", ("sre", "site reliability", "infrastructure as code", "terraform", "ansible")),
    Skill("CI/CD", "ci_cd", ("ci", "cd", "ci/cd", "github actions", "jenkins", "gitlab ci")),
    Skill("Linux", "linux", ("unix", "bash", "shell")),
    Skill("Spark", "data", ("apache spark", "pyspark")),
    Skill("Airflow", "data", ("apache airflow",)),
    Skill("Data engineering", "data", ("etl", "data pipelines", "spark", "airflow", "dbt", "data")),
    Skill(
        "Machine learning",
        "machine_learning",
        (
            "ml",
            "machine learning",
            "scikit-learn",
            "sklearn",
            "pytorch",
            "tensorflow",
            "deep learning",
            "ai",
            "llm",
            "nlp",
        ),
    ),
    Skill("pandas", "pandas", ("numpy", "dataframes")),
    Skill("Testing", "testing", ("qa", "tdd", "pytest", "jest", "unit testing", "test automation", "selenium")),
    Skill("Security", "security", ("appsec", "owasp", "infosec", "cybersecurity", "authentication", "oauth")),
    Skill("System design", "system_design", ("distributed systems", "scalability", "architecture design")),
    Skill("Algorithms", "algorithms", ("dsa", "leetcode", "algorithms and data structures")),
    Skill("Data structures", "data_structures", ()),
    Skill("GraphQL", "api"),
    Skill("APIs", "api", ("rest", "restful", "graphql", "grpc", "api design", "api")),
    Skill("Concurrency", "concurrency", ("multithreading", "async", "asyncio", "parallelism")),
    Skill("Performance", "performance", ("optimization", "profiling", "latency")),
    Skill("Networking", "networking", ("tcp/ip", "http", "dns", "tcp")),
    Skill("Frontend", "frontend", ("front end", "front-end", "html", "web")),
    Skill("Backend", "backend", ("back end", "back-end", "server-side")),
    Skill("CSS", "css", ("tailwind", "sass", "scss")),
    Skill("Microservices", "microservices", ("micro services", "service mesh")),
    Skill("Kafka", "messaging", ("apache kafka",)),
    Skill("Messaging", "messaging", ("kafka", "rabbitmq", "sqs", "pubsub", "pub/sub", "event streaming")),
    Skill("Caching", "caching", ("cache", "memcached", "cdn")),
    Skill("Git", "git", ("github", "gitlab", "version control")),
    Skill("Leadership", "leadership", ("management", "people management", "mentoring")),
)

_SEPARATORS = re.compile(r"\s+")


def _key(text: str) -> str:
    return _SEPARATORS.sub(" ", text.strip().lower())


_BY_KEY: dict[str, Skill] = {}
for _skill in SKILLS:
    for _name in (_skill.name, *_skill.aliases):
        _BY_KEY.setdefault(_key(_name), _skill)


def canonical_skill(text: str) -> Skill | None:
    """The skill a typed name means, or None when we do not know it."""
    return _BY_KEY.get(_key(text))


def skill_tags(items: list[str]) -> list[str]:
    """Question-bank tags for a list of typed skills, in order, without duplicates."""
    tags: list[str] = []
    for item in items:
        skill = canonical_skill(item)
        if skill and skill.tag not in tags:
            tags.append(skill.tag)
    return tags


# Words in a job title and the tags such a role is usually asked about.
ROLE_TAGS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("backend", "back end", "back-end", "server", "api"), ("backend", "api", "databases", "sql")),
    (
        ("frontend", "front end", "front-end", "ui engineer", "web developer"),
        ("frontend", "javascript", "react", "css"),
    ),
    (("full stack", "fullstack", "full-stack"), ("frontend", "backend", "api", "javascript", "databases")),
    (
        ("data scientist", "machine learning", "ml engineer", "ai engineer", "research"),
        ("machine_learning", "data", "python"),
    ),
    (("data engineer", "analytics engineer", "data analyst", "etl"), ("data", "sql", "databases", "python")),
    (
        ("devops", "sre", "site reliability", "platform", "infrastructure", "cloud"),
        ("devops", "cloud", "kubernetes", "docker", "linux", "ci_cd"),
    ),
    (("security", "appsec", "pentest"), ("security",)),
    (("qa", "test", "quality", "sdet"), ("testing",)),
    (("architect", "principal", "staff"), ("architecture", "system_design")),
    (("manager", "head of", "director", "lead"), ("leadership", "architecture")),
    (("python",), ("python",)),
    (("java",), ("java",)),
    (("golang", "go developer", "go engineer"), ("go",)),
    (("node",), ("nodejs",)),
    (("react",), ("react", "frontend")),
)


def role_tags(job_role: str) -> list[str]:
    """Tags a job title suggests ("Senior Backend Engineer" → backend, api, databases, sql)."""
    role = f" {_key(job_role)} "
    tags: list[str] = []
    for words, role_tag_list in ROLE_TAGS:
        if any(re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", role) for word in words):
            for tag in role_tag_list:
                if tag not in tags:
                    tags.append(tag)
    return tags
