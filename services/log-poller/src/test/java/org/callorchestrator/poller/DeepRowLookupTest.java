package org.callorchestrator.poller;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.callorchestrator.vobiz.CallLog;
import org.callorchestrator.vobiz.CallLogPage;
import org.callorchestrator.vobiz.CallLogsQuery;
import org.junit.jupiter.api.Test;

/**
 * The look-up of rows below the walk's floor, against an in-memory newest-first listing
 * (no broker, no HTTP).
 */
class DeepRowLookupTest {

	static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

	/**
	 * 5,000 rows one second apart, newest first; row i created at T0 + i s; the ones in
	 * {@code live} ringing.
	 */
	final List<CallLog> listing = new ArrayList<>();

	final List<CallLogsQuery> requests = new ArrayList<>();

	final Function<CallLogsQuery, CallLogPage> pages = query -> {
		this.requests.add(query);
		List<CallLog> matching = this.listing.stream()
			.filter(row -> query.status() == null || query.status().equals(row.status()))
			.toList();
		int from = Math.min(matching.size(), (query.page() - 1) * query.limit());
		int to = Math.min(matching.size(), from + query.limit());
		return new CallLogPage(matching.subList(from, to), matching.size(), query.page(), query.limit(),
				to < matching.size());
	};

	DeepRowLookupTest() {
		for (int i = 4_999; i >= 0; i--) {
			this.listing.add(row("row-" + i, i, "terminated"));
		}
	}

	@Test
	void findsARowStillLiveOnTheFirstPageOfItsStatusListing() {
		this.listing.set(offsetOf("row-1000"), row("row-1000", 1000, "ringing"));
		KnownVersions.Known known = known("row-1000", 1000, "ringing");

		Map<String, DeepRowLookup.Found> found = lookup().find(List.of(known), this.listing.size());

		assertThat(found.get("row-1000").row().status()).isEqualTo("ringing");
		assertThat(this.requests).as("one page of the ringing listing").hasSize(1);
		assertThat(this.requests.get(0).status()).isEqualTo("ringing");
	}

	@Test
	void findsARowThatLeftItsStatusOnThePageItsPositionPredicts() {
		// seen at its offset when the listing had 4,900 rows; 100 newer rows were added
		// since
		KnownVersions.Known known = known("row-1000", 1000, "ringing");
		known.offset = offsetOf("row-1000") - 100;
		known.total = 4_900;

		Map<String, DeepRowLookup.Found> found = lookup().find(List.of(known), this.listing.size());

		assertThat(found.get("row-1000").row().status()).isEqualTo("terminated");
		assertThat(found.get("row-1000").offset()).isEqualTo(offsetOf("row-1000"));
		assertThat(this.requests).as("the ringing listing, then the predicted page").hasSize(2);
	}

	@Test
	void findsARowWhosePositionIsUnknownByABinarySearchOnCreatedAt() {
		KnownVersions.Known known = known("row-1234", 1234, "accepted");

		Map<String, DeepRowLookup.Found> found = lookup().find(List.of(known), this.listing.size());

		assertThat(found).containsKey("row-1234");
		// 50 pages: the accepted listing plus at most log2(50) + 2 probes
		assertThat(this.requests).hasSizeLessThanOrEqualTo(1 + 8);
	}

	@Test
	void reportsARowListedNowhereAsNotFound() {
		KnownVersions.Known known = known("gone", 1234, "accepted");

		Map<String, DeepRowLookup.Found> found = lookup().find(List.of(known), this.listing.size());

		assertThat(found).isEmpty();
		assertThat(this.requests).hasSizeLessThanOrEqualTo(1 + 10);
	}

	DeepRowLookup lookup() {
		return new DeepRowLookup(this.pages, 100, null);
	}

	int offsetOf(String id) {
		for (int i = 0; i < this.listing.size(); i++) {
			if (this.listing.get(i).id().equals(id)) {
				return i;
			}
		}
		throw new IllegalArgumentException(id);
	}

	static KnownVersions.Known known(String id, int second, String status) {
		return new KnownVersions.Known(id, T0.plusSeconds(second).toEpochMilli(),
				KnownVersions.micros(T0.plusSeconds(second)), status);
	}

	static CallLog row(String id, int second, String status) {
		Instant created = T0.plusSeconds(second);
		return new CallLog(id, "MA_X", "channel", "wacid", "outbound", "+911140001234", "+919876543210", status,
				"voice", null, null, null, created, null, null, null, null, null, created, created.plusSeconds(1));
	}

}
