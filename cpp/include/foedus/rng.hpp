// Counter-based random numbers (Philox4x32-10, Salmon et al. 2011): the numbers of item k
// depend only on (seed, k, draw), never on which thread produced them or in which order, so
// sampled results are identical for every thread count and chunking.
#pragma once
#include <cstdint>

namespace foedus {

class Philox {
 public:
  Philox(std::uint64_t seed, std::uint64_t item)
      : k0_(std::uint32_t(seed)), k1_(std::uint32_t(seed >> 32)), item_(item) {}

  // The next 64 random bits of this item's stream.
  std::uint64_t next() {
    if (have_ == 0) refill();
    const std::uint64_t r = (std::uint64_t(buf_[4 - have_]) << 32) | buf_[5 - have_];
    have_ -= 2;
    return r;
  }

  // Uniform integer in [0, m) by multiply-shift on 64 bits (bias below m / 2^64).
  std::uint64_t below(std::uint64_t m) {
    return std::uint64_t((static_cast<unsigned __int128>(next()) * m) >> 64);
  }

 private:
  void refill() {
    std::uint32_t c0 = std::uint32_t(draw_), c1 = std::uint32_t(draw_ >> 32),
                  c2 = std::uint32_t(item_), c3 = std::uint32_t(item_ >> 32);
    std::uint32_t k0 = k0_, k1 = k1_;
    for (int r = 0; r < 10; ++r) {
      const std::uint64_t p0 = std::uint64_t(0xD2511F53u) * c0;
      const std::uint64_t p1 = std::uint64_t(0xCD9E8D57u) * c2;
      const std::uint32_t n0 = std::uint32_t(p1 >> 32) ^ c1 ^ k0;
      const std::uint32_t n1 = std::uint32_t(p1);
      const std::uint32_t n2 = std::uint32_t(p0 >> 32) ^ c3 ^ k1;
      const std::uint32_t n3 = std::uint32_t(p0);
      c0 = n0;
      c1 = n1;
      c2 = n2;
      c3 = n3;
      k0 += 0x9E3779B9u;
      k1 += 0xBB67AE85u;
    }
    buf_[0] = c0;
    buf_[1] = c1;
    buf_[2] = c2;
    buf_[3] = c3;
    have_ = 4;
    ++draw_;
  }

  std::uint32_t k0_, k1_;
  std::uint64_t item_;
  std::uint64_t draw_ = 0;
  std::uint32_t buf_[4] = {0, 0, 0, 0};
  int have_ = 0;
};

}  // namespace foedus
