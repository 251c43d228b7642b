package org.streetnode.agent.lwm2m.model;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.eclipse.leshan.core.model.ResourceModel.Operations;
import org.eclipse.leshan.core.model.ResourceModel.Type;
import org.eclipse.leshan.core.model.URN;
import org.streetnode.agent.files.AtomicFile;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The node's object models as OMA LwM2M DDF files (the XML a platform loads to decode an object:
 * Leshan, ThingsBoard, Coiote...), written from the same {@link ObjectSpec}s the node registers
 * and serves with: one file per object and version, named as the registry names its version
 * history ({@code 3416-2_0.xml}). Objects of LwM2M 1.0 follow LWM2M.xsd, those of 1.1
 * LWM2M-v1_1.xsd (which adds the Unsigned Integer and Corelnk types). A file lists only the
 * resources the node implements; a registry object says so in its description.
 */
public final class DdfFiles {
    private static final String SCHEMA_BASE = "http://www.openmobilealliance.org/tech/profiles/";

    private DdfFiles() {
    }

    /** The file name of an object's DDF: {@code ID-MAJOR_MINOR.xml}. */
    public static String fileName(ObjectSpec spec) {
        return spec.id() + "-" + spec.version().replace('.', '_') + ".xml";
    }

    /** Writes the DDF file of every spec into {@code dir} (created if needed); returns the files, in the specs' order. */
    public static List<Path> export(Path dir, List<ObjectSpec> specs) throws IOException {
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        for (ObjectSpec spec : specs) {
            Path file = dir.resolve(fileName(spec));
            AtomicFile.write(file, xml(spec).getBytes(StandardCharsets.UTF_8));
            files.add(file);
        }
        return files;
    }

    /** The DDF XML of one object. */
    public static String xml(ObjectSpec spec) {
        try {
            Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
            Element root = doc.createElement("LWM2M");
            root.setAttribute("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance");
            root.setAttribute("xsi:noNamespaceSchemaLocation",
                    SCHEMA_BASE + ("1.0".equals(spec.lwm2mVersion()) ? "LWM2M.xsd" : "LWM2M-v1_1.xsd"));
            doc.appendChild(root);
            Element object = child(root, "Object", null);
            object.setAttribute("ObjectType", "MODefinition");
            child(object, "Name", spec.name());
            child(object, "Description1", spec.description().isEmpty() ? registryObject(spec) : spec.description());
            child(object, "ObjectID", Integer.toString(spec.id()));
            child(object, "ObjectURN", URN.generateURN(spec.id(), spec.version()));
            child(object, "LWM2MVersion", spec.lwm2mVersion());
            child(object, "ObjectVersion", spec.version());
            child(object, "MultipleInstances", spec.multiple() ? "Multiple" : "Single");
            child(object, "Mandatory", spec.mandatory() ? "Mandatory" : "Optional");
            Element resources = child(object, "Resources", null);
            for (ResourceSpec r : spec.resourcesInOrder()) {
                Element item = child(resources, "Item", null);
                item.setAttribute("ID", Integer.toString(r.id()));
                child(item, "Name", r.name());
                child(item, "Operations", operations(r.operations()));
                child(item, "MultipleInstances", r.multiple() ? "Multiple" : "Single");
                child(item, "Mandatory", r.mandatory() ? "Mandatory" : "Optional");
                child(item, "Type", type(r.type()));
                child(item, "RangeEnumeration", r.range().map(NumericRange::toString).orElse(""));
                child(item, "Units", r.units());
                child(item, "Description", r.description());
            }
            child(object, "Description2", "");
            return serialize(doc);
        } catch (ParserConfigurationException | TransformerException e) {
            throw new IllegalStateException("the JDK's XML support failed: " + e.getMessage(), e);
        }
    }

    private static String registryObject(ObjectSpec spec) {
        return spec.name() + ": object " + spec.id() + " version " + spec.version() + " of the OMA LwM2M registry, as a"
                + " streetnode node serves it. Only the resources listed here are implemented; the registry's file has"
                + " their full descriptions.";
    }

    private static Element child(Element parent, String name, String text) {
        Element e = parent.getOwnerDocument().createElement(name);
        if (text != null) {
            e.setTextContent(text);
        }
        parent.appendChild(e);
        return e;
    }

    private static String operations(Operations o) {
        return o == Operations.NONE ? "" : o.name();
    }

    private static String type(Type t) {
        return switch (t) {
            case NONE -> "";
            case STRING -> "String";
            case INTEGER -> "Integer";
            case FLOAT -> "Float";
            case BOOLEAN -> "Boolean";
            case OPAQUE -> "Opaque";
            case TIME -> "Time";
            case OBJLNK -> "Objlnk";
            case UNSIGNED_INTEGER -> "Unsigned Integer";
            case CORELINK -> "Corelnk";
        };
    }

    private static String serialize(Document doc) throws TransformerException {
        Transformer t = TransformerFactory.newInstance().newTransformer();
        t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
        t.setOutputProperty(OutputKeys.INDENT, "yes");
        t.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
        // the JDK's serializer puts its own declaration on the root element's line
        StringWriter out = new StringWriter().append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        t.transform(new DOMSource(doc), new StreamResult(out));
        return out.toString();
    }
}
