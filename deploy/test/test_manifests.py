"""The Kubernetes manifests in deploy/kubernetes: valid for Kubernetes' own schemas (strict), and consistent with
each other and with the server they run (health endpoints, flags' environment variables, memory, shutdown)."""
import re
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
MANIFESTS = ROOT / "deploy" / "kubernetes"
MAIN = ROOT / "server" / "src" / "main" / "java" / "dev" / "sextant" / "server" / "Main.java"
OBSERVABILITY = MAIN.with_name("Observability.java")
DOCKERFILE = ROOT / "Dockerfile"
# The oldest Kubernetes these manifests are meant for, and the newest whose schemas the validator ships.
KUBERNETES_VERSIONS = ["1.29.0", "1.37.0"]


def documents(folder=MANIFESTS):
    found = []
    for path in sorted(folder.rglob("*.yaml")):
        for document in yaml.safe_load_all(path.read_text()):
            if document:
                found.append((path.relative_to(ROOT).as_posix(), document))
    return found


def main_documents():
    """The production set: deploy/kubernetes/*.yaml (trial/ holds the optional backing services)."""
    return [document for path, document in documents() if "/trial/" not in path]


def one(kind, name=None, docs=None):
    matches = [d for d in (docs or main_documents()) if d["kind"] == kind and (name is None or d["metadata"]["name"] == name)]
    assert len(matches) == 1, f"expected one {kind} {name or ''}, found {len(matches)}"
    return matches[0]


def container():
    return one("Deployment")["spec"]["template"]["spec"]["containers"][0]


def mebibytes(quantity):
    units = {"Ki": 1 / 1024, "Mi": 1, "Gi": 1024}
    number, unit = re.fullmatch(r"(\d+)([KMG]i)", quantity).groups()
    return int(number) * units[unit]


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
@pytest.mark.parametrize("path,document", documents(), ids=lambda value: value if isinstance(value, str) else value["kind"])
def test_every_manifest_is_valid_for_the_kubernetes_schemas(path, document, version):
    kubernetes_validate.validate(document, version, strict=True)


def test_the_validator_refuses_a_misspelt_field():
    deployment = yaml.safe_load(yaml.safe_dump(one("Deployment")))
    deployment["spec"]["template"]["spec"]["containers"][0]["imagePullPolicyy"] = "Always"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, KUBERNETES_VERSIONS[-1], strict=True)


def test_the_service_and_the_disruption_budget_select_the_deployments_pods():
    deployment = one("Deployment")
    pod_labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert deployment["spec"]["selector"]["matchLabels"].items() <= pod_labels.items()
    assert one("Service")["spec"]["selector"].items() <= pod_labels.items()
    assert one("PodDisruptionBudget")["spec"]["selector"]["matchLabels"].items() <= pod_labels.items()


def test_the_service_targets_the_containers_http_port():
    ports = {port["name"]: port["containerPort"] for port in container()["ports"]}
    for port in one("Service")["spec"]["ports"]:
        assert port["targetPort"] in ports
    config = one("ConfigMap")["data"]
    assert str(ports["http"]) == config["SEXTANT_PORT"]


def test_probes_use_the_servers_health_endpoints():
    probes = {name: container()[name] for name in ("startupProbe", "livenessProbe", "readinessProbe")}
    assert probes["startupProbe"]["httpGet"]["path"] == "/health/live"
    assert probes["livenessProbe"]["httpGet"]["path"] == "/health/live"
    assert probes["readinessProbe"]["httpGet"]["path"] == "/health/ready"
    for probe in probes.values():
        assert probe["httpGet"]["port"] == "http"


def test_the_readiness_probe_waits_longer_than_the_servers_own_checks():
    check_seconds = int(re.search(r"READY_TIMEOUT = Duration\.ofSeconds\((\d+)\)", OBSERVABILITY.read_text()).group(1))
    assert container()["readinessProbe"]["timeoutSeconds"] > check_seconds


def test_every_secret_and_config_map_reference_resolves():
    secrets = {d["metadata"]["name"]: d.get("stringData", d.get("data", {})) for d in main_documents() if d["kind"] == "Secret"}
    config_maps = {d["metadata"]["name"] for d in main_documents() if d["kind"] == "ConfigMap"}
    for source in container().get("envFrom", []):
        if "configMapRef" in source:
            assert source["configMapRef"]["name"] in config_maps
        if "secretRef" in source:
            assert source["secretRef"]["name"] in secrets
    for variable in container().get("env", []):
        reference = variable.get("valueFrom", {}).get("secretKeyRef")
        if reference:
            assert reference["key"] in secrets[reference["name"]], variable["name"]
    volumes = one("Deployment")["spec"]["template"]["spec"]["volumes"]
    mounts = {mount["name"]: mount["mountPath"] for mount in container()["volumeMounts"]}
    for volume in volumes:
        assert volume["name"] in mounts
        if "secret" in volume:
            assert volume["secret"]["secretName"] in secrets
    # --auth-tokens names a file of the mounted auth Secret, with the share-link key beside it.
    args = container()["args"]
    tokens_file = Path(args[args.index("--auth-tokens") + 1])
    auth_volume = next(v for v in volumes if mounts[v["name"]] == str(tokens_file.parent))
    auth_keys = secrets[auth_volume["secret"]["secretName"]]
    assert tokens_file.name in auth_keys and tokens_file.name + ".share-key" in auth_keys


def server_environment_variables():
    source = MAIN.read_text()
    return set(re.findall(r"\$\{env:([A-Z0-9_]+)", source)) | set(re.findall(r'System\.getenv\("([A-Z0-9_]+)"\)', source))


def test_every_environment_variable_set_is_one_the_server_reads():
    known = server_environment_variables()
    assert "SEXTANT_METRICS_TOKEN" in known and "SEXTANT_LOG_FORMAT" in known
    names = set(one("ConfigMap")["data"]) | {variable["name"] for variable in container().get("env", [])}
    assert names - known == set()


def test_secrets_stay_out_of_the_config_map_and_the_arguments():
    for name in one("ConfigMap")["data"]:
        assert not re.search(r"PASSWORD|SECRET|TOKEN|SEXTANT_DB$", name), name
    secret_values = [value for d in main_documents() if d["kind"] == "Secret" for value in d["stringData"].values()]
    for arg in container().get("args", []):
        assert arg not in secret_values


def image_heap_mebibytes(limit_mebibytes):
    """The heap the image's JVM takes in a container with this memory limit (Dockerfile flags; JVM default 25 %)."""
    flags = " ".join(line for line in DOCKERFILE.read_text().splitlines() if line.startswith(("ENTRYPOINT", "ENV", "CMD")))
    xmx = re.search(r"-Xmx(\d+)([mg])", flags)
    if xmx:
        return int(xmx.group(1)) * (1024 if xmx.group(2) == "g" else 1)
    percentage = re.search(r"-XX:MaxRAMPercentage=([\d.]+)", flags)
    return limit_mebibytes * (float(percentage.group(1)) if percentage else 25.0) / 100


def test_memory_is_guaranteed_and_the_heap_leaves_room_for_the_rest_of_the_jvm():
    resources = container()["resources"]
    assert resources["requests"]["memory"] == resources["limits"]["memory"]
    limit = mebibytes(resources["limits"]["memory"])
    heap = image_heap_mebibytes(limit)
    # Metaspace, code cache, thread stacks, direct buffers (Jetty, the S3 client) and GC structures: ~300 MiB.
    assert heap >= 256 and heap + 300 <= limit, f"heap {heap} MiB in a {limit} MiB container"


def test_a_stopping_replica_drains_within_its_grace_period():
    pod = one("Deployment")["spec"]["template"]["spec"]
    drain = int(one("ConfigMap")["data"]["SEXTANT_SHUTDOWN_TIMEOUT"])
    pause = int(container()["lifecycle"]["preStop"]["exec"]["command"][-1])
    assert pod["terminationGracePeriodSeconds"] >= drain + pause + 5


def test_the_pod_runs_as_the_images_user_without_privileges():
    uid = int(re.search(r"--uid (\d+)", DOCKERFILE.read_text()).group(1))
    pod = one("Deployment")["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsUser"] == uid and pod["securityContext"]["runAsNonRoot"]
    assert container()["securityContext"]["allowPrivilegeEscalation"] is False
    assert container()["securityContext"]["readOnlyRootFilesystem"] is True


def test_rollouts_and_disruptions_keep_replicas_serving():
    deployment = one("Deployment")
    assert deployment["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] == 0
    assert one("PodDisruptionBudget")["spec"]["maxUnavailable"] < deployment["spec"]["replicas"]


def test_the_trial_backing_services_are_named_as_the_config_expects():
    trial = [document for path, document in documents() if "/trial/" in path]
    services = {d["metadata"]["name"]: d for d in trial if d["kind"] == "Service"}
    config = one("ConfigMap")["data"]
    assert re.match(r"https?://([^:/]+)", config["SEXTANT_S3_ENDPOINT"]).group(1) in services
    database_host = re.search(r"@([^:/]+)", one("Secret", "sextant-credentials")["stringData"]["SEXTANT_DB"]).group(1)
    assert database_host in services
