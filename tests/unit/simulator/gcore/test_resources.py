"""What instances hold: addresses, volumes, interfaces, security groups, server groups, metadata, and what delete does."""


def floating_ips(gcore):
    return {row["id"]: row for row in gcore.ok("GET", "/cloud/v1/floatingips/1/76", limit=1000)["results"]}


def volumes(gcore):
    return {row["id"]: row for row in gcore.ok("GET", "/cloud/v1/volumes/1/76", limit=1000)["results"]}


def run(gcore, method, path, body=None):
    task_id = gcore.ok(method, path, body)["tasks"][0]
    gcore.finish()
    task = gcore.ok("GET", "/cloud/v1/tasks/" + task_id)
    assert task["state"] == "FINISHED", task
    return task


def test_create_with_every_kind_of_address(gcore):
    reserved = gcore.lookup("reserved_fixed_ips", "demo-reserved-ip")
    existing = [row for row in floating_ips(gcore).values() if row["port_id"] is None][0]
    network = gcore.lookup("networks", "demo-net")
    body = gcore.create_body(interfaces=[
        {"type": "any_subnet", "network_id": network["id"], "ip_address": "192.168.10.77", "floating_ip": {"source": "new"},
         "interface_name": "private"},
        {"type": "external", "ip_family": "dual"},
        {"type": "reserved_fixed_ip", "port_id": reserved["port_id"],
         "floating_ip": {"source": "existing", "existing_floating_id": existing["id"]}}])
    check = gcore.ok("POST", "/cloud/v2/instances/1/76/check_limits", body)
    assert (check["external_ip_count_requested"], check["floating_count_requested"]) == (1, 1)
    instance = gcore.create(**{key: value for key, value in body.items() if key not in ("flavor", "volumes")})
    demo = instance["addresses"]["demo-net"]
    assert [entry["type"] for entry in demo] == ["fixed", "floating", "fixed", "floating"]
    expected = ["192.168.10.77", reserved["fixed_ip_address"], existing["floating_ip_address"]]
    assert [demo[0]["addr"], demo[2]["addr"], demo[3]["addr"]] == expected
    assert [":" in entry["addr"] for entry in instance["addresses"]["ext-net"]] == [False, True]
    assert [assignment["external"] for assignment in instance["fixed_ip_assignments"]] == [False, True, True, False]
    assert gcore.lookup("reserved_fixed_ips", "demo-reserved-ip")["reservation"]["status"] == "attached"
    taken = gcore("POST", "/cloud/v2/instances/1/76", gcore.create_body(name="again", interfaces=body["interfaces"][:1]))
    assert taken.status_code == 400


def test_delete_keeps_or_deletes_what_it_is_told(gcore):
    network = gcore.lookup("networks", "demo-net")
    subnet = gcore.lookup("subnets", "demo-subnet")
    data_volume = gcore.lookup("volumes", "demo-data-volume")
    kept_fip, dropped_fip = [], []
    for name, bucket in (("keep", kept_fip), ("drop", dropped_fip)):
        instance = gcore.create(name=name, interfaces=[{"type": "subnet", "network_id": network["id"], "subnet_id": subnet["id"],
                                                        "floating_ip": {"source": "new"}}],
                                volumes=gcore.create_body()["volumes"] + ([{"source": "existing-volume", "volume_id": data_volume["id"]}]
                                                                          if name == "keep" else []))
        bucket.append(instance)
    keep, drop = kept_fip[0], dropped_fip[0]
    assert volumes(gcore)[data_volume["id"]]["status"] == "in-use"
    boot_volumes = {instance["id"]: instance["volumes"][0]["id"] for instance in (keep, drop)}
    keep_floating = [entry["addr"] for entry in keep["addresses"]["demo-net"] if entry["type"] == "floating"][0]
    run(gcore, "DELETE", gcore.instance_path(keep["id"]))
    assert gcore("GET", gcore.instance_path(keep["id"])).status_code == 404
    left = [row for row in floating_ips(gcore).values() if row["floating_ip_address"] == keep_floating]
    assert len(left) == 1 and left[0]["port_id"] is None and left[0]["status"] == "DOWN"
    assert volumes(gcore)[data_volume["id"]]["status"] == "available"
    assert boot_volumes[keep["id"]] not in volumes(gcore)
    before = len(floating_ips(gcore))
    drop_path = gcore.instance_path(drop["id"])
    assert gcore("DELETE", drop_path, delete_floatings="true", floatings="x").status_code == 400
    assert gcore("DELETE", drop_path, volumes="not-attached").status_code == 400
    run(gcore, "DELETE", drop_path + "?delete_floatings=true")
    assert len(floating_ips(gcore)) == before - 1


def test_interfaces_attach_and_detach(gcore):
    instance = gcore.create()
    path = gcore.instance_path(instance["id"])
    subnet = gcore.lookup("subnets", "demo-subnet")
    task = run(gcore, "POST", path + "/attach_interface", {"type": "subnet", "subnet_id": subnet["id"], "interface_name": "eth9"})
    interfaces = gcore.ok("GET", path + "/interfaces")
    assert interfaces["count"] == 2
    added = interfaces["results"][1]
    assert task["created_resources"]["ports"] == [added["port_id"]] and added["interface_name"] == "eth9"
    assert added["network_details"]["subnets"][0]["id"] == subnet["id"]
    run(gcore, "POST", path + "/attach_interface", {})
    assert "ext-net" in gcore.ok("GET", path)["addresses"]
    bad = gcore("POST", path + "/detach_interface", {"port_id": added["port_id"], "ip_address": "10.0.0.1"})
    assert bad.status_code == 400
    address = added["ip_assignments"][0]["ip_address"]
    run(gcore, "POST", path + "/detach_interface", {"port_id": added["port_id"], "ip_address": address})
    assert gcore.ok("GET", path + "/interfaces")["count"] == 2
    assert address not in [entry["addr"] for entry in gcore.ok("GET", path)["addresses"]["demo-net"]]


def test_security_groups_of_ports(gcore):
    instance = gcore.create()
    path = gcore.instance_path(instance["id"])
    assert gcore.ok("GET", path + "/securitygroups")["results"][0]["name"] == "default"
    gcore.ok("POST", path + "/addsecuritygroup", {"name": "web"}, expect=204)
    assert [group["name"] for group in gcore.ok("GET", path)["security_groups"]] == ["default", "web"]
    assert gcore("POST", path + "/addsecuritygroup", {"name": "web"}).status_code == 400
    assert gcore("POST", path + "/addsecuritygroup", {"name": "nope"}).status_code == 400
    port = gcore.ok("GET", path + "/ports")["results"][0]
    assert [group["name"] for group in port["security_groups"]] == ["default", "web"]
    gcore.ok("POST", path + "/delsecuritygroup", {"ports_security_group_names": [
        {"port_id": port["id"], "security_group_names": ["default"]}]}, expect=204)
    assert [group["name"] for group in gcore.ok("GET", path)["security_groups"]] == ["web"]
    assert gcore.ok("GET", gcore.instances_path(), exclude_secgroup="web")["count"] == 0


def test_server_groups(gcore):
    instance = gcore.create()
    path = gcore.instance_path(instance["id"])
    group = gcore.ok("GET", "/cloud/v1/servergroups/1/76")["results"][0]
    assert gcore("POST", path + "/remove_from_servergroup").status_code == 400
    run(gcore, "POST", path + "/put_into_servergroup", {"servergroup_id": group["servergroup_id"]})
    members = gcore.ok("GET", "/cloud/v1/servergroups/1/76/" + group["servergroup_id"])["instances"]
    assert members == [{"instance_id": instance["id"], "instance_name": instance["name"]}]
    assert gcore("POST", path + "/put_into_servergroup", {"servergroup_id": group["servergroup_id"]}).status_code == 400
    run(gcore, "POST", path + "/remove_from_servergroup")
    assert gcore.ok("GET", "/cloud/v1/servergroups/1/76/" + group["servergroup_id"])["instances"] == []


def test_metadata_is_the_tags(gcore):
    instance = gcore.create(tags={"env": "demo"})
    path = gcore.instance_path(instance["id"])
    gcore.ok("POST", path + "/metadata", {"team": "web", "env": "prod"}, expect=204)
    assert gcore.ok("GET", path + "/metadata/env") == {"key": "env", "value": "prod", "read_only": False}
    assert {tag["key"]: tag["value"] for tag in gcore.ok("GET", path)["tags"]} == {"env": "prod", "team": "web"}
    gcore.ok("PUT", path + "/metadata", {"a/b": "1"}, expect=204)
    assert gcore.ok("GET", path + "/metadata")["results"] == [{"key": "a/b", "value": "1", "read_only": False}]
    assert gcore.ok("GET", "/cloud/v2/instances/1/76/%s/metadata_item" % instance["id"], key="a/b")["value"] == "1"
    gcore.ok("DELETE", "/cloud/v2/instances/1/76/%s/metadata_item" % instance["id"], expect=204, key="a/b")
    assert gcore("GET", path + "/metadata/a").status_code == 404
    assert gcore("POST", path + "/metadata", {"n": 1}).status_code == 422
    renamed = gcore.ok("PATCH", path, {"name": "renamed", "tags": {"x": "1", "gone": None}})
    assert renamed["name"] == "renamed" and renamed["tags"] == [{"key": "x", "value": "1", "read_only": False}]
    assert gcore.ok("PATCH", path, {"tags": None})["tags"] == []


def test_read_only_tags_stay(bench):
    node = bench.ok("GET", bench.instances_path(), metadata_kv='{"k8s_cluster_name": "bench-k8s-76"}', limit=1)["results"][0]
    path = bench.instance_path(node["id"])
    assert bench.ok("GET", path + "/metadata/k8s_cluster_name")["read_only"] is True
    assert bench("DELETE", path + "/metadata/k8s_cluster_name").status_code == 400
    assert bench("PATCH", path, {"tags": {"k8s_cluster_name": None}}).status_code == 400


def test_flavors_to_resize_into_and_for_a_new_instance(gcore):
    instance = gcore.create(flavor="g1-standard-2-4")
    targets = [row["flavor_id"] for row in gcore.ok("GET", gcore.instance_path(instance["id"], "available_flavors"))["results"]]
    assert targets == ["g1-standard-1-2", "g1-standard-4-8", "g1-standard-8-16"]
    windows = gcore.lookup("images", "windows-server-2022")
    fitting = gcore.ok("POST", "/cloud/v1/instances/1/76/available_flavors",
                       {"volumes": [{"source": "image", "image_id": windows["id"], "size": 40}]})
    assert [row["flavor_id"] for row in fitting["results"]] == ["g1w-standard-2-4", "g1w-standard-4-8"]
    assert gcore.ok("POST", "/cloud/v1/instances/1/76/available_flavors", {})["count"] == 6


def test_search_and_metrics(gcore):
    instance = gcore.create(name="findme")
    found = gcore.ok("GET", "/cloud/v1/instances/search", name="findme")
    assert found["count"] == 1 and found["results"][0]["region_name"] == "Luxembourg-2"
    metrics = gcore.ok("POST", gcore.instance_path(instance["id"], "metrics"), {"time_interval": 2, "time_unit": "hour"}, limit=5)
    assert metrics["count"] == 24 and len(metrics["results"]) == 5 and metrics["results"][0]["cpu_util"] > 0
    assert gcore("POST", gcore.instance_path(instance["id"], "metrics"), {"time_unit": "week", "time_interval": 1}).status_code == 422
