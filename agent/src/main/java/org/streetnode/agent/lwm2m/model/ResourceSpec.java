package org.streetnode.agent.lwm2m.model;

import java.util.Optional;
import org.eclipse.leshan.core.model.ResourceModel;
import org.eclipse.leshan.core.model.ResourceModel.Operations;
import org.eclipse.leshan.core.model.ResourceModel.Type;

/**
 * One resource of an object model, as the OMA LwM2M registry defines it.
 *
 * @param id the resource id
 * @param name the registry's name
 * @param operations R, W, RW, E, or NONE (only a bootstrap server may write it)
 * @param multiple whether it has resource instances
 * @param mandatory whether every instance of the object has it
 * @param type the value type (NONE for executables)
 * @param range the allowed numeric range, when the registry gives one; writes outside it get 4.00
 * @param units the registry's unit, or empty
 * @param description what it means, for the object's DDF file (streetnode's own objects; empty for
 *     registry resources, whose registry description stands)
 */
public record ResourceSpec(int id, String name, Operations operations, boolean multiple, boolean mandatory, Type type,
        Optional<NumericRange> range, String units, String description) {

    /** An optional single-instance resource without range or unit; refine with the other methods. */
    public static ResourceSpec of(int id, String name, Operations operations, Type type) {
        return new ResourceSpec(id, name, operations, false, false, type, Optional.empty(), "", "");
    }

    /** An executable resource. */
    public static ResourceSpec executable(int id, String name) {
        return of(id, name, Operations.E, Type.NONE);
    }

    public ResourceSpec required() {
        return new ResourceSpec(id, name, operations, multiple, true, type, range, units, description);
    }

    public ResourceSpec multiInstance() {
        return new ResourceSpec(id, name, operations, true, mandatory, type, range, units, description);
    }

    public ResourceSpec range(double min, double max) {
        return new ResourceSpec(id, name, operations, multiple, mandatory, type, Optional.of(new NumericRange(min, max)), units,
                description);
    }

    public ResourceSpec units(String unit) {
        return new ResourceSpec(id, name, operations, multiple, mandatory, type, range, unit, description);
    }

    public ResourceSpec described(String text) {
        return new ResourceSpec(id, name, operations, multiple, mandatory, type, range, units, text);
    }

    ResourceModel toModel() {
        return new ResourceModel(id, name, operations, multiple, mandatory, type,
                range.map(NumericRange::toString).orElse(""), units, description);
    }
}
