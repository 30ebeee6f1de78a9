-- 10^7 steps of float arithmetic: the Leibniz series for pi.
local function leibniz(n)
    local total = 0.0
    local sign = 1.0
    for i = 0, n - 1 do
        total = total + sign / (2.0 * i + 1.0)
        sign = -sign
    end
    return 4.0 * total
end

print(string.format("%.12f", leibniz(10000000)))
