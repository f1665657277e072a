package org.callorchestrator.vobiz;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One page of call logs, newest first.
 *
 * @param items the logs
 * @param total logs matching the filters
 * @param page this page's number
 * @param limit page size
 * @param hasMore whether a next page exists
 */
public record CallLogPage(@JsonProperty("items") List<CallLog> items, @JsonProperty("total") long total,
		@JsonProperty("page") int page, @JsonProperty("limit") int limit, @JsonProperty("has_more") boolean hasMore) {

	public CallLogPage {
		items = (items != null) ? List.copyOf(items) : List.of();
	}

}
