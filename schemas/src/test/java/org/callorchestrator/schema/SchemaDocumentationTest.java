package org.callorchestrator.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * The contract documents itself: every named type and every field carries a {@code doc}.
 */
class SchemaDocumentationTest {

	@Test
	void everyRecordEnumAndFieldHasADoc() {
		List<String> undocumented = new ArrayList<>();
		Set<String> seen = new HashSet<>();
		for (Schema schema : List.of(CallInitiateCommand.getClassSchema(), CallActionCommand.getClassSchema(),
				CallEvent.getClassSchema(), CallLogRecord.getClassSchema(), CommandResult.getClassSchema(),
				CallState.getClassSchema())) {
			collectUndocumented(schema, undocumented, seen);
		}
		assertThat(undocumented).as("types and fields without a doc").isEmpty();
	}

	@Test
	void generatedClassesUseJavaStringsAndInstants() {
		CallInitiateCommand command = CallInitiateCommand.newBuilder()
			.setCommandId("c-1")
			.setChannelId("3f1c9b7e-2d4a-4f6b-9c8e-0a1b2c3d4e5f")
			.setTo("+919876543210")
			.setSdpOffer("v=0")
			.setRequestedAt(Instant.EPOCH)
			.build();
		assertThat(command.getCommandId()).isInstanceOf(String.class);
		assertThat(command.getAttributes()).isEmpty();
	}

	static void collectUndocumented(Schema schema, List<String> undocumented, Set<String> seen) {
		switch (schema.getType()) {
			case RECORD -> {
				if (!seen.add(schema.getFullName())) {
					return;
				}
				if (isBlank(schema.getDoc())) {
					undocumented.add(schema.getFullName());
				}
				for (Schema.Field field : schema.getFields()) {
					if (isBlank(field.doc())) {
						undocumented.add(schema.getFullName() + "." + field.name());
					}
					collectUndocumented(field.schema(), undocumented, seen);
				}
			}
			case ENUM -> {
				if (seen.add(schema.getFullName()) && isBlank(schema.getDoc())) {
					undocumented.add(schema.getFullName());
				}
			}
			case UNION -> schema.getTypes().forEach(t -> collectUndocumented(t, undocumented, seen));
			case ARRAY -> collectUndocumented(schema.getElementType(), undocumented, seen);
			case MAP -> collectUndocumented(schema.getValueType(), undocumented, seen);
			default -> {
			}
		}
	}

	static boolean isBlank(String s) {
		return s == null || s.isBlank();
	}

}
