-- 10^6 method calls on an instance that updates a field.
local Counter = {}
Counter.__index = Counter

function Counter.new()
    return setmetatable({count = 0}, Counter)
end

function Counter:add(k)
    self.count = self.count + k
end

local function run(n)
    local c = Counter.new()
    for i = 0, n - 1 do
        c:add(i)
    end
    return c.count
end

print(run(1000000))
