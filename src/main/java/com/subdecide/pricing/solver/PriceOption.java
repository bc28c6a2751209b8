package com.subdecide.pricing.solver;

/** A candidate price of one cell, as a planning value: its worth, revenue and customers affected. */
public class PriceOption {

    private final int cell;
    private final int position;
    private final double price;
    private final long value;
    private final long revenue;
    private final long affected;

    public PriceOption(int cell, int position, PortfolioProblem.Option option) {
        this.cell = cell;
        this.position = position;
        this.price = option.price();
        this.value = option.value();
        this.revenue = option.revenue();
        this.affected = option.affected();
    }

    public int getCell() {
        return cell;
    }

    public int getPosition() {
        return position;
    }

    public double getPrice() {
        return price;
    }

    public long getValue() {
        return value;
    }

    public long getRevenue() {
        return revenue;
    }

    public long getAffected() {
        return affected;
    }

    @Override
    public String toString() {
        return cell + ":" + price;
    }
}
