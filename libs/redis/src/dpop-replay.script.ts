import { createHash } from 'node:crypto';

/**
 * One atomic first use of a DPoP proof (RFC 9449 §11.1), run by Redis as a script so that no
 * other replica's use interleaves:
 * - `KEYS[1]` the proof's entry, set with `NX PXAT <until>`: kept until the proof leaves its
 *   window, never earlier;
 * - `KEYS[2..4]` the counter prefixes of the proof key, the identity and the whole store. Each
 *   counter lives in fixed time slices by `until` (`<prefix>:<slice>`), kept until its slice's end,
 *   the latest `until` counted in it, and `<prefix>:top` names its latest slice (kept as long);
 *   the live count is the sum of the slices from now to the latest (it errs high by the expired
 *   entries of the oldest slice, never low).
 * `ARGV`: `until` (epoch ms), the slice length (ms), the quotas of the key, the identity, the
 * store. Redis's own clock is "now", the same for every replica.
 * Answers a verdict, or `full:<ms>` when the store is at its bound: the milliseconds until its
 * oldest counted slice ends (when room is expected). A refused use writes nothing.
 */
export const DPOP_REPLAY_SCRIPT = `
local untilMs = tonumber(ARGV[1])
local slice = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
if untilMs <= now then return 'accepted' end
if redis.call('EXISTS', KEYS[1]) == 1 then return 'replayed' end
local first = math.floor(now / slice) + 1
local function live(prefix)
  local top = tonumber(redis.call('GET', prefix .. ':top') or '0')
  if top < first then return 0, 0 end
  local names = {}
  for s = first, top do names[#names + 1] = prefix .. ':' .. s end
  local n = 0
  local oldest = 0
  for i, v in ipairs(redis.call('MGET', unpack(names))) do
    if v then
      n = n + tonumber(v)
      if oldest == 0 then oldest = first + i - 1 end
    end
  end
  return n, oldest
end
if live(KEYS[2]) >= tonumber(ARGV[3]) then return 'key_over_quota' end
if live(KEYS[3]) >= tonumber(ARGV[4]) then return 'identity_over_quota' end
local total, oldest = live(KEYS[4])
if total >= tonumber(ARGV[5]) then
  if oldest == 0 then return 'full:0' end
  return 'full:' .. (oldest * slice - now)
end
if not redis.call('SET', KEYS[1], '1', 'NX', 'PXAT', untilMs) then return 'replayed' end
local s = math.ceil(untilMs / slice)
for i = 2, 4 do
  local name = KEYS[i] .. ':' .. s
  redis.call('INCR', name)
  redis.call('PEXPIREAT', name, s * slice)
  local top = tonumber(redis.call('GET', KEYS[i] .. ':top') or '0')
  if s > top then redis.call('SET', KEYS[i] .. ':top', s, 'PXAT', s * slice) end
end
return 'accepted'
`;

/** SHA-1 of the script, for `EVALSHA`. */
export const DPOP_REPLAY_SCRIPT_SHA = createHash('sha1')
  .update(DPOP_REPLAY_SCRIPT)
  .digest('hex');
