package io.sluice.cli.internal;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * Writes the configuration reference (docs/configuration.md) from the metatype that the Sluice bundles
 * declare, so the documentation is generated from the code that reads the keys and cannot drift.
 */
final class ConfigReference {
    private static final String PREFIX = "io.sluice";

    private ConfigReference() {
    }

    static String render(BundleContext context, MetaTypeService metaType) {
        Map<String, String> sections = new TreeMap<>();
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getSymbolicName() == null || !bundle.getSymbolicName().startsWith(PREFIX)) {
                continue;
            }
            MetaTypeInformation info = metaType.getMetaTypeInformation(bundle);
            if (info == null) {
                continue;
            }
            for (String pid : info.getPids()) {
                sections.put(pid, section(pid, false, bundle, info.getObjectClassDefinition(pid, null)));
            }
            for (String pid : info.getFactoryPids()) {
                sections.put(pid, section(pid, true, bundle, info.getObjectClassDefinition(pid, null)));
            }
        }
        StringBuilder out = new StringBuilder()
                .append("# Configuration reference\n\n")
                .append("Generated from the metatype of the Sluice bundles by `./sluice config-reference`; ")
                .append("do not edit by hand.\n\n")
                .append("Each section is one configuration PID. Put its keys in `conf/<pid>.cfg` (a factory PID takes ")
                .append("`conf/<pid>-<name>.cfg`, one file per instance); files are re-read while the platform runs, ")
                .append("and a file with an invalid value is rejected whole, keeping the previous configuration.\n");
        sections.values().forEach(out::append);
        return out.toString();
    }

    private static String section(String pid, boolean factory, Bundle bundle, ObjectClassDefinition ocd) {
        StringBuilder out = new StringBuilder("\n## ").append(ocd.getName()).append(" — `").append(pid).append("`\n\n");
        if (ocd.getDescription() != null && !ocd.getDescription().isBlank()) {
            out.append(ocd.getDescription()).append("\n\n");
        }
        out.append("File: `conf/").append(pid).append(factory ? "-<name>.cfg`" : ".cfg`")
                .append(" · bundle `").append(bundle.getSymbolicName()).append("`\n\n")
                .append("| key | type | default | description |\n")
                .append("| --- | --- | --- | --- |\n");
        AttributeDefinition[] attributes = ocd.getAttributeDefinitions(ObjectClassDefinition.ALL);
        for (AttributeDefinition attribute : attributes == null ? new AttributeDefinition[0] : attributes) {
            String defaults = attribute.getDefaultValue() == null ? ""
                    : Arrays.stream(attribute.getDefaultValue()).collect(Collectors.joining(", "));
            out.append("| `").append(attribute.getID()).append("` | ").append(type(attribute.getType()))
                    .append(" | ").append(defaults.isEmpty() ? "" : "`" + defaults + "`")
                    .append(" | ").append(attribute.getDescription() == null ? "" : attribute.getDescription())
                    .append(" |\n");
        }
        return out.toString();
    }

    private static String type(int type) {
        return switch (type) {
            case AttributeDefinition.STRING -> "string";
            case AttributeDefinition.LONG -> "long";
            case AttributeDefinition.INTEGER -> "integer";
            case AttributeDefinition.DOUBLE -> "double";
            case AttributeDefinition.BOOLEAN -> "boolean";
            case AttributeDefinition.PASSWORD -> "password";
            default -> "other";
        };
    }
}
