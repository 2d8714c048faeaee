"""HyperLogLog: the distinct count of a string column with more distinct values than the analyzer
keeps (statistics.json's distinct_count is a float because SageMaker estimates it this way too)."""
import hashlib
import math

P = 12  # 4096 one-byte registers; standard error about 1.6 %
M = 1 << P


class HyperLogLog:
    def __init__(self):
        self.registers = bytearray(M)

    def add(self, text):
        h = int.from_bytes(hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "big")
        index = h >> (64 - P)
        rest = h & ((1 << (64 - P)) - 1)
        rank = (64 - P) - rest.bit_length() + 1
        if rank > self.registers[index]:
            self.registers[index] = rank

    def estimate(self):
        alpha = 0.7213 / (1 + 1.079 / M)
        raw = alpha * M * M / sum(2.0 ** -r for r in self.registers)
        zeros = self.registers.count(0)
        if raw <= 2.5 * M and zeros:
            return M * math.log(M / zeros)  # linear counting is better while registers are still empty
        return raw
