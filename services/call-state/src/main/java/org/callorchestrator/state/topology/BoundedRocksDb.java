package org.callorchestrator.state.topology;

import java.util.Map;

import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the off-heap memory of every RocksDB store of this process together, as Kafka
 * Streams' memory-management guide recommends: one LRU block cache of
 * {@value #MEMORY_CONFIG} bytes (default 64 MiB) shared by all store partitions,
 * memtables counted against it (a quarter, through a shared {@link WriteBufferManager}),
 * index and filter blocks in the cache. Without it each of the dozens of store partitions
 * an instance holds gets its own 50 MB cache and up to three 16 MB memtables. Set as
 * {@code rocksdb.config.setter}; the size from the Streams property
 * {@value #MEMORY_CONFIG}.
 */
public final class BoundedRocksDb implements RocksDBConfigSetter {

	/**
	 * Streams property: total bytes for RocksDB's block cache and memtables of this
	 * process.
	 */
	public static final String MEMORY_CONFIG = "callstate.rocksdb.memory.bytes";

	private static final long DEFAULT_MEMORY = 64L * 1024 * 1024;

	private static Cache cache;

	private static WriteBufferManager writeBuffers;

	@Override
	public void setConfig(String storeName, Options options, Map<String, Object> configs) {
		BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
		table.setBlockCache(sharedCache(configs));
		table.setCacheIndexAndFilterBlocks(true);
		table.setCacheIndexAndFilterBlocksWithHighPriority(true);
		table.setPinTopLevelIndexAndFilter(true);
		options.setWriteBufferManager(writeBuffers);
		options.setMaxWriteBufferNumber(2);
		options.setWriteBufferSize(4L * 1024 * 1024);
		options.setTableFormatConfig(table);
	}

	private static synchronized Cache sharedCache(Map<String, Object> configs) {
		if (cache == null) {
			Object configured = configs.get(MEMORY_CONFIG);
			long memory = (configured != null) ? Long.parseLong(configured.toString()) : DEFAULT_MEMORY;
			cache = new LRUCache(memory, -1, false, 0.1);
			writeBuffers = new WriteBufferManager(memory / 4, cache);
		}
		return cache;
	}

	@Override
	public void close(String storeName, Options options) {
		// the cache and the write buffer manager are shared by every store of the
		// process: never closed here
	}

}
