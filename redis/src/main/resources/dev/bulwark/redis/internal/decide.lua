-- Bulwark: one request's rate-limit steps, decided atomically on Redis's clock.
-- ARGV[1] = number of steps; then per step: kind, tokens, flags, limits, penalty
--   kind: 1 take, 2 estimate, 3 check block, 4 give back, 5 count failure
--   flags: 1 = a refusal counts as a failure, 2 = a refusal ends the steps
--   limits: "capacity,period,unit;..." (period in units, unit in microseconds)
--   penalty: "" or "capacity,period,unit;blockMillis" (the failures' bucket, the block)
-- KEYS per step: the bucket; with a penalty also the failures' bucket, the block, the block
-- under the key layout before 0.2 (read only, to honour blocks written before an upgrade)
-- A bucket's value: "stamp:level1:level2..." (stamp in microseconds of Redis's clock; a level is
-- tokens times the limit's period in units, so refill and consumption are exact integers).
-- A missing key is a full bucket; every write expires when the bucket would be full again.
-- Returns per step decided: status (0 allowed, 1 refused, 2 blocked), wait (microseconds),
-- blocked now (0/1), n, then the tokens left in each of n limits.
if redis.replicate_commands then
  redis.replicate_commands() -- Redis before 5: replicate the writes, not the script (it reads TIME)
end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])

local function limits_of(spec)
  local limits = {}
  for c, p, u in string.gmatch(spec, '(%d+),(%d+),(%d+)') do
    limits[#limits + 1] = {tonumber(c), tonumber(p), tonumber(u)}
  end
  return limits
end

local function load(key, limits)
  local levels = {}
  local raw = redis.call('GET', key)
  if raw then
    local parts = {}
    for v in string.gmatch(raw, '[^:]+') do
      parts[#parts + 1] = tonumber(v)
    end
    if #parts == #limits + 1 then
      local last = parts[1]
      local stamp = math.max(now, last)
      for i, l in ipairs(limits) do
        local c, p, u = l[1], l[2], l[3]
        local full = c * p
        local elapsed = math.floor(stamp / u) - math.floor(last / u)
        local level = parts[i + 1]
        if elapsed >= p then
          level = full
        else
          level = math.min(full, level + elapsed * c)
        end
        levels[i] = level
      end
      return levels, stamp
    end
  end
  for i, l in ipairs(limits) do
    levels[i] = l[1] * l[2]
  end
  return levels, now
end

local function save(key, limits, levels, stamp)
  local parts = {string.format('%.0f', stamp)}
  local ttl = 0
  for i, l in ipairs(limits) do
    local missing = l[1] * l[2] - levels[i]
    parts[#parts + 1] = string.format('%.0f', levels[i])
    if missing > 0 then
      ttl = math.max(ttl, math.ceil(missing / l[1]) * l[3])
    end
  end
  if ttl == 0 then
    redis.call('DEL', key)
  else
    redis.call('SET', key, table.concat(parts, ':'), 'PX', math.ceil(ttl / 1000))
  end
end

-- how long until n tokens are there in every limit (0: now)
local function wait_for(limits, levels, n)
  local wait = 0
  for i, l in ipairs(limits) do
    local need = n * l[2]
    if levels[i] < need then
      wait = math.max(wait, math.ceil((need - levels[i]) / l[1]) * l[3])
    end
  end
  return wait
end

local function take(limits, levels, n)
  local wait = wait_for(limits, levels, n)
  if wait == 0 then
    for i, l in ipairs(limits) do
      levels[i] = levels[i] - n * l[2]
    end
  end
  return wait
end

local function blocked(key, legacy)
  local ttl = redis.call('PTTL', key)
  if ttl > 0 then
    return ttl
  end
  ttl = redis.call('PTTL', legacy)
  if ttl > 0 then
    return ttl
  end
  return 0
end

-- one failure; blocks the key when the failures ran out
local function count_failure(failures, key, block, block_ms)
  local levels, stamp = load(key, failures)
  if take(failures, levels, 1) == 0 then
    save(key, failures, levels, stamp)
    return 0
  end
  redis.call('SET', block, '1', 'PX', block_ms)
  return 1
end

local out = {}
local a = 2
local k = 1
for s = 1, tonumber(ARGV[1]) do
  local kind, tokens, flags = tonumber(ARGV[a]), tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2])
  local limits = limits_of(ARGV[a + 3])
  local penalty = ARGV[a + 4]
  a = a + 5
  local bucket = KEYS[k]
  k = k + 1
  local failures, failures_key, block, legacy, block_ms
  if penalty ~= '' then
    failures = limits_of(penalty)
    block_ms = tonumber(string.match(penalty, ';(%d+)$'))
    failures_key, block, legacy = KEYS[k], KEYS[k + 1], KEYS[k + 2]
    k = k + 3
  end
  local status, wait, now_blocked, levels = 0, 0, 0, nil
  local blocked_ms = 0
  if failures and kind <= 3 then
    blocked_ms = blocked(block, legacy)
  end
  if blocked_ms > 0 then
    status, wait = 2, blocked_ms * 1000
  elseif kind == 1 then
    local stamp
    levels, stamp = load(bucket, limits)
    wait = take(limits, levels, tokens)
    if wait == 0 then
      save(bucket, limits, levels, stamp)
    else
      status = 1
      if failures and flags % 2 == 1 then
        now_blocked = count_failure(failures, failures_key, block, block_ms)
      end
    end
  elseif kind == 2 then
    levels = load(bucket, limits)
    wait = wait_for(limits, levels, tokens)
    if wait > 0 then
      status = 1
    end
  elseif kind == 4 then
    if redis.call('EXISTS', bucket) == 1 then
      local given, stamp = load(bucket, limits)
      for i, l in ipairs(limits) do
        given[i] = math.min(l[1] * l[2], given[i] + tokens * l[2])
      end
      save(bucket, limits, given, stamp)
    end
  elseif kind == 5 then
    if tokens > 0 then
      local taken, stamp = load(bucket, limits)
      if take(limits, taken, tokens) == 0 then
        save(bucket, limits, taken, stamp)
      end
    end
    if failures then
      now_blocked = count_failure(failures, failures_key, block, block_ms)
    end
  end
  out[#out + 1] = status
  out[#out + 1] = wait
  out[#out + 1] = now_blocked
  if levels then
    out[#out + 1] = #limits
    for i, l in ipairs(limits) do
      out[#out + 1] = math.floor(levels[i] / l[2])
    end
  else
    out[#out + 1] = 0
  end
  if status == 2 or (status == 1 and math.floor(flags / 2) % 2 == 1) then
    break
  end
end
return out
