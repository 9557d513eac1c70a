"""Many clients at once against the real server: nothing is lost."""

import threading
import unittest
import xmlrpc.client

from server_process import ServerCase


class Concurrency(ServerCase):
    THREADS = 32
    OPS = 150

    def test_32_threads_of_adjusts_and_adds_lose_nothing(self):
        for i in range(4):
            self.rpc.inventory.add(f"shared{i}", 1000)
        acked = [0] * 5
        added = []
        lock = threading.Lock()
        errors = []

        def worker(n):
            rpc = xmlrpc.client.ServerProxy(self.server.url)
            try:
                for k in range(self.OPS):
                    if k % 10 == 0:
                        item = rpc.inventory.add(f"t{n}-{k}", 1)
                        with lock:
                            added.append(item["id"])
                    else:
                        item_id = 1 + (n + k) % 4
                        delta = 1 if (n + k) % 3 else -1
                        rpc.inventory.adjust(item_id, delta)
                        with lock:
                            acked[item_id] += delta
            except Exception as e:  # noqa: BLE001 - reported below
                errors.append(e)

        threads = [threading.Thread(target=worker, args=(n,))
                   for n in range(self.THREADS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        self.assertEqual(errors, [])
        for item_id in range(1, 5):
            got = self.rpc.inventory.get(item_id)
            self.assertEqual(got["quantity"], 1000 + acked[item_id])
        total_adds = self.THREADS * (self.OPS // 10)
        self.assertEqual(sorted(added), list(range(5, 5 + total_adds)))
        self.assertEqual(self.rpc.inventory.count(), 4 + total_adds)


if __name__ == "__main__":
    unittest.main()
