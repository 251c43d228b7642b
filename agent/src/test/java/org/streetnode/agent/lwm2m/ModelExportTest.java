package org.streetnode.agent.lwm2m;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.leshan.core.LwM2m;
import org.eclipse.leshan.core.link.lwm2m.LwM2mLink;
import org.eclipse.leshan.core.model.DDFFileParser;
import org.eclipse.leshan.core.model.DefaultDDFFileValidator;
import org.eclipse.leshan.core.model.DefaultObjectModelValidator;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.ResourceModel;
import org.eclipse.leshan.core.node.LwM2mObject;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.LwM2mResourceInstance;
import org.eclipse.leshan.core.request.DiscoverRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.response.DiscoverResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.util.datatype.ULong;
import org.eclipse.leshan.server.registration.Registration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetnode.agent.Agent;
import org.streetnode.agent.cli.StreetnodeCommand;
import org.streetnode.agent.health.Fault;
import org.streetnode.agent.lwm2m.model.NumericRange;
import org.streetnode.agent.lwm2m.model.StreetnodeModels;
import picocli.CommandLine;

/**
 * {@code streetnode models export DIR} writes DDF files that Leshan's own DDF parser and schema
 * validator accept, and that say exactly what the node registers and serves: every object and
 * version it registers has its file, every resource an instance has (discovered, read) is in it
 * with its multiplicity and operations, numeric values lie in the declared ranges, and each file's
 * model equals the node's own field by field (name, type, operations, multiplicity, mandatory,
 * range, units).
 */
class ModelExportTest {
    private static final String ENDPOINT = NodeFixture.ENDPOINT;

    @TempDir
    Path dir;

    @AutoClose
    private AgentFixture node;

    @Test
    void theExportedFilesAreValidDdfAndSayExactlyWhatTheNodeRegistersAndServes() throws Exception {
        Path out = dir.resolve("models");
        assertThat(new CommandLine(new StreetnodeCommand()).execute("models", "export", out.toString())).isZero();
        Map<Integer, ObjectModel> exported = parseEvery(out);

        // the node's own models, field by field
        assertThat(exported.keySet()).isEqualTo(StreetnodeModels.ALL.stream().map(s -> s.id()).collect(Collectors.toSet()));
        for (ObjectModel node : StreetnodeModels.models()) {
            assertSameModel(exported.get(node.id), node);
        }

        // what the node registers and serves
        node = AgentFixture.start(dir, UnaryOperator.identity());
        Agent agent = node.agent;
        // device-specific error codes too
        agent.health().raise("test:store", Fault.Kind.STORE, "test");
        agent.health().raise("test:lamp", Fault.Kind.LAMP, "test");

        Registration registration = node.server.registration(ENDPOINT).orElseThrow();
        Map<Integer, LwM2m.Version> registered = registration.getSupportedObject();
        assertThat(registered.keySet()).contains(3, 3416, 3311, 33100, 33101, 33102, 33103).isSubsetOf(exported.keySet());
        registered.forEach((id, version) -> assertThat(exported.get(id).version).as("version of object %d", id)
                .isEqualTo(version.toString()));

        int resourcesChecked = 0;
        for (int objectId : new TreeMap<>(registered).keySet()) {
            if (objectId == 0) {
                continue; // no LwM2M server may read the Security object
            }
            ObjectModel ddf = exported.get(objectId);
            ReadResponse read = node.send(new ReadRequest(objectId));
            assertThat(read.isSuccess()).as("read /%d: %s %s", objectId, read.getCode(), read.getErrorMessage()).isTrue();
            for (LwM2mObjectInstance instance : ((LwM2mObject) read.getContent()).getInstances().values()) {
                String where = "/" + objectId + "/" + instance.getId();
                for (int resourceId : discovered(where)) {
                    assertThat(ddf.resources).as("%s/%d is in the DDF", where, resourceId).containsKey(resourceId);
                }
                for (LwM2mResource value : instance.getResources().values()) {
                    ResourceModel r = ddf.resources.get(value.getId());
                    String path = where + "/" + value.getId();
                    assertThat(r).as("%s is in the DDF", path).isNotNull();
                    assertThat(r.operations.isReadable()).as("%s is readable", path).isTrue();
                    assertThat(value.isMultiInstances()).as("%s multiplicity", path).isEqualTo(r.multiple);
                    assertThat(value.getType()).as("%s type", path).isEqualTo(r.type);
                    inRange(path, r, value);
                    resourcesChecked++;
                }
            }
        }
        assertThat(resourcesChecked).isGreaterThan(80);
    }

    private static Map<Integer, ObjectModel> parseEvery(Path out) throws Exception {
        DDFFileParser strict = new DDFFileParser(new DefaultDDFFileValidator());
        DDFFileParser bySchemaOfFile = new DDFFileParser();
        Map<Integer, ObjectModel> models = new HashMap<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(out)) {
            files = list.sorted().toList();
        }
        for (Path file : files) {
            List<ObjectModel> parsed = strict.parse(file.toFile());
            assertThat(parsed).as(file.toString()).hasSize(1);
            assertThat(bySchemaOfFile.parse(file.toFile())).hasSize(1);
            new DefaultObjectModelValidator().validate(parsed, file.toString());
            ObjectModel m = parsed.get(0);
            assertThat(file.getFileName().toString()).isEqualTo(m.id + "-" + m.version.replace('.', '_') + ".xml");
            assertThat(models.put(m.id, m)).as("one file for object %d", m.id).isNull();
        }
        return models;
    }

    private static void assertSameModel(ObjectModel ddf, ObjectModel node) {
        assertThat(ddf).as("a DDF file for object %d", node.id).isNotNull();
        assertThat(List.of(ddf.name, ddf.version, ddf.lwm2mVersion, ddf.urn, ddf.multiple, ddf.mandatory))
                .as("object %d", node.id)
                .isEqualTo(List.of(node.name, node.version, node.lwm2mVersion, node.urn, node.multiple, node.mandatory));
        assertThat(ddf.resources.keySet()).as("resources of object %d", node.id).isEqualTo(node.resources.keySet());
        for (ResourceModel n : node.resources.values()) {
            ResourceModel d = ddf.resources.get(n.id);
            assertThat(List.of(d.name, d.operations, d.multiple, d.mandatory, d.type, d.rangeEnumeration, d.units))
                    .as("/%d/x/%d", node.id, n.id)
                    .isEqualTo(List.of(n.name, n.operations, n.multiple, n.mandatory, n.type, n.rangeEnumeration, n.units));
        }
    }

    private Set<Integer> discovered(String instancePath) throws InterruptedException {
        DiscoverResponse r = node.send(new DiscoverRequest(instancePath));
        assertThat(r.isSuccess()).as("discover %s", instancePath).isTrue();
        return Stream.of(r.getObjectLinks()).map(LwM2mLink::getPath).filter(p -> p.isResource())
                .map(p -> p.getResourceId()).collect(Collectors.toSet());
    }

    private static void inRange(String path, ResourceModel r, LwM2mResource value) {
        if (r.rangeEnumeration.isEmpty()) {
            return;
        }
        String[] bounds = r.rangeEnumeration.split("\\.\\.");
        NumericRange range = new NumericRange(Double.parseDouble(bounds[0]), Double.parseDouble(bounds[1]));
        List<Object> values = value.isMultiInstances()
                ? value.getInstances().values().stream().map(LwM2mResourceInstance::getValue).toList()
                : List.of(value.getValue());
        for (Object v : values) {
            double d = v instanceof ULong u ? u.doubleValue() : ((Number) v).doubleValue();
            assertThat(range.contains(d)).as("%s = %s lies in %s", path, v, r.rangeEnumeration).isTrue();
        }
    }
}
